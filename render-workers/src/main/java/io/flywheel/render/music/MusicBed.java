package io.flywheel.render.music;

import io.flywheel.schemas.MusicMood;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Chooses the music bed: a file from the user's music folder whose name starts with the mood (e.g.
 * {@code calm-01.mp3}), else offline synthesis.
 */
public final class MusicBed {
    private MusicBed() {}

    public static Optional<Path> fromFolder(Optional<Path> folder, MusicMood mood, long seed)
            throws IOException {
        if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
            return Optional.empty();
        }
        String prefix = mood.name().toLowerCase(Locale.ROOT);
        try (Stream<Path> s = Files.list(folder.get())) {
            List<Path> matches =
                    s.filter(Files::isRegularFile)
                            .filter(
                                    p -> {
                                        String n =
                                                p.getFileName().toString().toLowerCase(Locale.ROOT);
                                        return n.startsWith(prefix)
                                                && (n.endsWith(".mp3")
                                                        || n.endsWith(".wav")
                                                        || n.endsWith(".ogg")
                                                        || n.endsWith(".m4a")
                                                        || n.endsWith(".flac"));
                                    })
                            .sorted()
                            .toList();
            return matches.isEmpty()
                    ? Optional.empty()
                    : Optional.of(matches.get((int) Math.floorMod(seed, matches.size())));
        }
    }
}
