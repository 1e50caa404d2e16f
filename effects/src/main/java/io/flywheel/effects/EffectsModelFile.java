package io.flywheel.effects;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@link EffectsModel} as the file {@value #FILE} in a model version's directory, beside the
 * boosters: the layout's levels, the posterior mean and the draws. The batch jobs write it, the
 * strategy API and the RecommendJob read it.
 */
public final class EffectsModelFile {
    public static final String FILE = "effects.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EffectsModelFile() {}

    /** The file's fields. */
    public record Stored(
            List<String> platforms,
            List<String> niches,
            List<String> segments,
            List<List<String>> contentLevels,
            double centre,
            double noise,
            int rows,
            double[] variances,
            double[] mean,
            double[][] draws) {}

    public static void write(Path dir, EffectsModel m) throws IOException {
        EffectsLayout l = m.layout();
        Stored s =
                new Stored(
                        l.platforms(),
                        l.niches(),
                        l.segments(),
                        l.contentLevels(),
                        m.centre(),
                        m.noise(),
                        m.rows(),
                        m.variances(),
                        m.mean(),
                        m.draws());
        Path tmp = dir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), s);
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static EffectsModel read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Stored s;
        EffectsLayout layout;
        try {
            s = JSON.readValue(file.toFile(), Stored.class);
            layout = new EffectsLayout(s.platforms(), s.niches(), s.segments(), s.contentLevels());
        } catch (com.fasterxml.jackson.core.JsonProcessingException
                | IllegalArgumentException
                | NullPointerException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (s.draws() == null) {
            throw new IOException(file + ": no draws");
        }
        if (s.mean() == null || s.mean().length != layout.size()) {
            throw new IOException(
                    dir.resolve(FILE)
                            + ": "
                            + layout.size()
                            + " effects in the layout, mean has "
                            + (s.mean() == null ? 0 : s.mean().length));
        }
        for (double[] d : s.draws()) {
            if (d.length != layout.size()) {
                throw new IOException(dir.resolve(FILE) + ": a draw of the wrong length");
            }
        }
        return new EffectsModel(
                layout, s.centre(), s.noise(), s.rows(), s.variances(), s.mean(), s.draws());
    }
}
