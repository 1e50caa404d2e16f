package io.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What the last {@code flywheel up} (or {@code demo}) started, kept in the run directory until
 * {@code down}: the supervisor keeps exactly these alive, and {@code status} fails when one of them
 * is not running or not healthy.
 *
 * @param services the names of the processes started, in start order
 * @param supervised whether a supervisor process watches them ({@code up --foreground} supervises
 *     from the command itself)
 */
record Launched(List<String> services, boolean supervised) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "launched.json";

    static Optional<Launched> read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), Launched.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    void write(Path runDir) {
        writeAtomically(runDir.resolve(FILE), this);
    }

    static void clear(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Readers never see a half-written file: write a sibling, then move it over. */
    static void writeAtomically(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
