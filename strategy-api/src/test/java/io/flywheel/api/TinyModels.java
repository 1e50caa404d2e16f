package io.flywheel.api;

import io.flywheel.model.Arm;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.FeatureMap;
import io.flywheel.model.ModelMetadata;
import io.flywheel.model.ParameterTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Trains small real XGBoost ensembles (xgboost4j, no Spark) on synthetic arms with a planted
 * signal: the QUESTION hook adds {@code hookBonus}, FAST pacing adds 20, 30 s adds 10, plus noise.
 * Each booster is trained on its own bootstrap resample, as the batch jobs do.
 */
final class TinyModels {
    private TinyModels() {}

    static double truth(Arm a, double hookBonus) {
        return 100
                + (a.hookStyle().equals("QUESTION") ? hookBonus : 0)
                + (a.pacing().equals("FAST") ? 20 : 0)
                + (a.targetDurationS() == 30 ? 10 : 0);
    }

    static Arm randomArm(Random r, String platform, String niche) {
        List<String> content = new ArrayList<>();
        for (io.flywheel.model.Parameter p : ParameterTable.of(io.flywheel.model.Role.CONTENT)) {
            content.add(pick(r, drawn(p)));
        }
        return Arm.of(platform, niche, content, r.nextInt(24));
    }

    /**
     * The values the data draws a parameter from: the default space's, or the whole vocabulary
     * where the default space offers one value (a language: English alone), so that it splits too.
     */
    static List<String> drawn(io.flywheel.model.Parameter p) {
        if (p.values().size() == 1) {
            return p.vocabulary().stream().filter(v -> !v.equals("UNKNOWN")).toList();
        }
        return p.values();
    }

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }

    /**
     * Trains and writes {@code modelDir/engagement/v<version>/} in the batch TrainJob's layout:
     * {@code member-NN.ubj} boosters and {@code metadata.json}.
     */
    static Path train(Path modelDir, int version, int boosters, double hookBonus, long seed)
            throws Exception {
        return train(
                modelDir,
                version,
                boosters,
                a -> truth(a, hookBonus),
                "reg:squarederror",
                5.0 + hookBonus / 100 + version,
                seed);
    }

    /**
     * A model as the TrainJob trains one on a channel where every parameter matters: each
     * parameter's value adds to a count (Poisson objective, as the TrainJob's), so every parameter
     * splits, caption_style's categorical splits among them.
     */
    static Path trainEverySplit(Path modelDir, int version, long seed) throws Exception {
        return train(modelDir, version, 3, TinyModels::everyParameter, "count:poisson", 7.0, seed);
    }

    static double everyParameter(Arm a) {
        double s = 20;
        int k = 1;
        for (io.flywheel.model.Parameter p : ParameterTable.ALL) {
            List<String> values = p.values().isEmpty() ? List.of("cooking", "fitness") : drawn(p);
            s += (k % 4 + 2) * (values.indexOf(p.text(a)) % 3);
            k++;
        }
        return s;
    }

    private static Path train(
            Path modelDir,
            int version,
            int boosters,
            java.util.function.ToDoubleFunction<Arm> truth,
            String objective,
            double rmse,
            long seed)
            throws Exception {
        Path dir = Files.createDirectories(modelDir.resolve("engagement").resolve("v" + version));
        List<String> niches = List.of("cooking", "fitness");
        List<String> voices = ParameterTable.get("voice").values();
        FeatureEncoder layout = new FeatureEncoder(Map.of("niche", niches, "voice", voices));
        int width = FeatureEncoder.width();
        Random r = new Random(seed);
        int n = 600;
        List<Arm> arms = new ArrayList<>();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arm a =
                    randomArm(
                            r,
                            ParameterTable.get("platform").values().get(r.nextInt(3)),
                            niches.get(r.nextInt(2)));
            arms.add(a);
            y[i] =
                    objective.startsWith("count")
                            ? Math.round(truth.applyAsDouble(a) + r.nextGaussian())
                            : (float) (truth.applyAsDouble(a) + r.nextGaussian() * 5);
        }
        Map<String, Double> gain = new HashMap<>();
        for (int b = 0; b < boosters; b++) {
            float[] x = new float[n * width];
            float[] yb = new float[n];
            for (int i = 0; i < n; i++) {
                int j = r.nextInt(n); // bootstrap resample
                layout.encode(arms.get(j), x, i * width);
                yb[i] = y[j];
            }
            DMatrix m = new DMatrix(x, n, width, Float.NaN);
            m.setLabel(yb);
            // Declared as the TrainJob declares them: categorical parameters split on sets.
            m.setFeatureTypes(ParameterTable.trainingTypes());
            Map<String, Object> params = new HashMap<>();
            params.put("objective", objective);
            params.put("max_depth", 4);
            params.put("eta", 0.3);
            params.put("nthread", 1);
            params.put("seed", (int) (seed + b));
            Booster booster = XGBoost.train(m, params, 30, Map.of(), null, null);
            booster.saveModel(dir.resolve(String.format("member-%02d.ubj", b)).toString());
            if (b == 0) {
                gain.putAll(FeatureMap.meanGain(booster));
            }
            booster.dispose();
            m.dispose();
        }
        new ModelMetadata(
                        "engagement",
                        version,
                        "engaged_views",
                        ParameterTable.featureNames(),
                        Map.of("niche", niches, "voice", voices),
                        Map.of(),
                        null,
                        0,
                        n,
                        0,
                        null,
                        Map.of("rmse", rmse),
                        Map.of(),
                        Map.of(),
                        gain,
                        java.time.Instant.now().plusSeconds(version).toString())
                .write(dir);
        // The TrainJob draws its plots beside the boosters; a small real PNG stands in for them.
        Files.write(dir.resolve("feature-importance.png"), ApiFixture.tinyPng());
        return dir;
    }
}
