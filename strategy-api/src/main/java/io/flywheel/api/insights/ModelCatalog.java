package io.flywheel.api.insights;

import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.model.FeatureMap;
import io.flywheel.model.ModelMetadata;
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
    private final org.jdbi.v3.core.Jdbi jdbi;

    public ModelCatalog(ModelLoader loader, org.jdbi.v3.core.Jdbi jdbi) {
        this.loader = loader;
        this.jdbi = jdbi;
    }

    /**
     * What the batch model registry (table {@code model_registry}, batch-jobs V20) says of a
     * version: status (champion, retired, rejected), the promotion decision, the mean baseline's
     * metrics. Empty when the registry has no row (or no table).
     */
    public Map<String, Object> registry(Version v) {
        return jdbi.withHandle(
                h -> {
                    boolean exists =
                            h.createQuery("SELECT to_regclass('model_registry') IS NOT NULL")
                                    .mapTo(Boolean.class)
                                    .one();
                    if (!exists) {
                        return Map.of();
                    }
                    return h.createQuery(
                                    "SELECT status, decision, baseline_metrics::text AS"
                                            + " baseline_metrics, train_rows, validation_rows,"
                                            + " training_table_version, promoted_at FROM"
                                            + " model_registry WHERE model_name = :name AND"
                                            + " version = :version")
                            .bind("name", v.metadata().modelName())
                            .bind("version", v.metadata().version())
                            .map((rs, ctx) -> SqlKpiReader.row(rs))
                            .findOne()
                            .map(
                                    m -> {
                                        try {
                                            m.put(
                                                    "baseline_metrics",
                                                    io.flywheel.api.http.Json.MAPPER.readValue(
                                                            (String) m.get("baseline_metrics"),
                                                            Map.class));
                                        } catch (IOException e) {
                                            throw new java.io.UncheckedIOException(e);
                                        }
                                        return m;
                                    })
                            .orElse(Map.of());
                });
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
                } catch (IOException | java.io.UncheckedIOException e) {
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

    /**
     * Total gain per feature over every booster of a version, largest first, read through the one
     * {@link FeatureMap} (its types match the training's, so categorical splits dump).
     */
    public Map<String, Double> importance(Version v) throws Exception {
        // A model of other features than this build's would be named wrongly: refuse it.
        v.metadata().encoder();
        Map<String, Double> sum = new LinkedHashMap<>();
        for (Path file : ModelLoader.members(v.dir())) {
            Booster b = XGBoost.loadModel(Files.readAllBytes(file));
            try {
                for (Map.Entry<String, Double> e : FeatureMap.totalGain(b).entrySet()) {
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
