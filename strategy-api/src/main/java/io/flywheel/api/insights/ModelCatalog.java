package io.flywheel.api.insights;

import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * The model versions in the model store ({@code <model dir>/<name>/v<N>/metadata.json}, as the
 * batch TrainJob writes them), their validation metrics, and feature importance (total gain summed
 * over every member of the ensemble).
 */
public final class ModelCatalog {
    /** Plot files the TrainJob writes beside the boosters. */
    public static final java.util.regex.Pattern PLOT =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.png");

    private final ModelLoader loader;

    public ModelCatalog(ModelLoader loader) {
        this.loader = loader;
    }

    /** A model version as listed. */
    public record Version(ModelMetadata metadata, Instant createdAt, Path dir) {}

    public List<Version> versions() throws IOException {
        Path root = loader.modelDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        try (Stream<Path> s = Files.find(root, 2, (p, a) -> a.isDirectory())) {
            for (Path d : s.toList()) {
                if (!Files.isRegularFile(d.resolve(ModelMetadata.FILE))) {
                    continue;
                }
                try {
                    ModelMetadata m = ModelMetadata.read(d);
                    out.add(new Version(m, createdAt(m, d), d));
                } catch (IOException e) {
                    // A half-written or foreign directory is not a model version.
                }
            }
        }
        out.sort(Comparator.comparing(Version::createdAt));
        return out;
    }

    private static Instant createdAt(ModelMetadata m, Path d) throws IOException {
        if (m.createdAt() != null) {
            try {
                return Instant.parse(m.createdAt());
            } catch (DateTimeParseException e) {
                // fall back to the file's time
            }
        }
        return Files.getLastModifiedTime(d.resolve(ModelMetadata.FILE)).toInstant();
    }

    public Optional<Version> find(String version) throws IOException {
        return versions().stream()
                .filter(v -> v.metadata().versionId().equals(version))
                .reduce((a, b) -> b);
    }

    /** Total gain per feature over every booster of a version, largest first. */
    public Map<String, Double> importance(Version v) throws Exception {
        String[] names = v.metadata().features().toArray(String[]::new);
        Map<String, Double> sum = new LinkedHashMap<>();
        for (Path file : ModelLoader.members(v.dir())) {
            Booster b = XGBoost.loadModel(Files.readAllBytes(file));
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

    /** The version's plots ({@code *.png} in its directory), by name. */
    public List<String> plots(Version v) throws IOException {
        try (Stream<Path> s = Files.list(v.dir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> PLOT.matcher(n).matches())
                    .filter(
                            n ->
                                    Files.isRegularFile(
                                            v.dir().resolve(n),
                                            java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
    }
}
