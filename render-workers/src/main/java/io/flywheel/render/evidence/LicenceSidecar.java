package io.flywheel.render.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The licence of a file from the user's media or music folder, read from a text file beside it
 * named like the file plus {@code .licence} (e.g. {@code coffee.jpg.licence}), with lines {@code
 * licence: CC-BY-4.0}, optionally {@code platforms: YOUTUBE_SHORTS, TIKTOK} and {@code source:
 * https://...}. A file without one has no licence: its evidence is missing.
 */
public final class LicenceSidecar {
    private LicenceSidecar() {}

    /**
     * What a sidecar declares.
     *
     * @param licence null when there is no sidecar or it names none
     * @param source where the file came from, as the sidecar says; the file's name otherwise
     */
    public record Declared(String licence, List<String> platforms, String source) {}

    /** The sidecar of {@code file}, if any. */
    public static Declared of(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".licence");
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(sidecar)) {
            return new Declared(null, List.of(), name);
        }
        String licence = null;
        String source = null;
        List<String> platforms = new ArrayList<>();
        for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "licence", "license" -> licence = value.isEmpty() ? null : value;
                case "source" -> source = value;
                case "platforms" -> {
                    for (String p : value.split("[,\\s]+")) {
                        if (!p.isBlank()) {
                            platforms.add(p.strip().toUpperCase(Locale.ROOT));
                        }
                    }
                }
                default -> {}
            }
        }
        return new Declared(
                licence, List.copyOf(platforms), source == null ? name : name + " from " + source);
    }
}
