package io.flywheel.batch.registry;

import java.time.Instant;
import java.util.Map;

/** One row of {@code model_registry}. */
public record ModelRecord(
        String modelName,
        int version,
        String status,
        String objective,
        String artifactUri,
        String trainingTable,
        long trainingTableVersion,
        long trainRows,
        long validationRows,
        Instant validationCutoff,
        int ensembleSize,
        String featuresJson,
        String paramsJson,
        Map<String, Double> metrics,
        Map<String, Double> baselineMetrics,
        Integer championVersion,
        Map<String, Double> championMetrics,
        String decision) {
    public static final String CHAMPION = "champion";
    public static final String RETIRED = "retired";
    public static final String REJECTED = "rejected";
}
