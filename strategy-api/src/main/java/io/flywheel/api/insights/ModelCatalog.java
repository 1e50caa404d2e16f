package io.flywheel.api.insights;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * The model versions in the model directory (each a directory with a {@code model.json}), their
 * validation metrics, and feature importance (total gain summed over the ensemble's boosters).
 */
public final class ModelCatalog {
    private static final ObjectMapper MANIFEST =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ModelLoader loader;

    public ModelCatalog(ModelLoader loader) {
        this.loader = loader;
    }

    /** A model version as listed: the manifest and when it was written. */
    public record Version(ModelManifest manifest, Instant createdAt, Path dir) {}

    public List<Version> versions() throws IOException {
        Path dir = loader.modelDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                Path m = d.resolve(ModelManifest.FILE_NAME);
                if (Files.isRegularFile(m)) {
                    try {
                        out.add(
                                new Version(
                                        MANIFEST.readValue(m.toFile(), ModelManifest.class),
                                        Files.getLastModifiedTime(m).toInstant(),
                                        d));
                    } catch (IOException e) {
                        // A half-written or foreign directory is not a model version.
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Version::createdAt));
        return out;
    }

    public Optional<Version> find(String version) throws IOException {
        return versions().stream()
                .filter(v -> v.manifest().modelVersion().equals(version))
                .findFirst();
    }

    /** Total gain per feature over every booster of a version, largest first. */
    public Map<String, Double> importance(Version v) throws Exception {
        Path dir = v.dir();
        String[] names = v.manifest().features().toArray(String[]::new);
        Map<String, Double> sum = new LinkedHashMap<>();
        for (String f : v.manifest().boosters()) {
            Path file = dir.resolve(f).normalize();
            if (!file.startsWith(dir)) {
                continue;
            }
            Booster b = XGBoost.loadModel(file.toString());
            try {
                for (Map.Entry<String, Double> e : b.getScore(names, "total_gain").entrySet()) {
                    sum.merge(e.getKey(), e.getValue(), Double::sum);
                }
            } finally {
                b.dispose();
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        sum.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
