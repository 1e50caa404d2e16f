package io.flywheel.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from its end (logs can be large), for error messages. */
public final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    /**
     * The last {@code lines} lines that say something: stack frames ({@code at ...}, {@code ... N
     * more}) are left out, so an exception's message and its causes fit on a screen.
     */
    public static String summary(Path file, int lines) {
        List<String> said =
                Arrays.stream(of(file, 400).split("\n"))
                        .filter(
                                l ->
                                        !l.startsWith("\tat ")
                                                && !l.matches("\\s*\\.\\.\\. \\d+ more"))
                        .map(l -> l.length() > 300 ? l.substring(0, 300) + " …" : l)
                        .toList();
        return String.join("\n", said.subList(Math.max(0, said.size() - lines), said.size()))
                + "\n";
    }

    /** Up to {@code lines} last lines, or an empty string when the file does not exist. */
    public static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, MAX_BYTES);
            byte[] b = new byte[n];
            f.seek(len - n);
            f.readFully(b);
            List<String> all = Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n"));
            if (n < len && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line is cut
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
                    + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }
}
