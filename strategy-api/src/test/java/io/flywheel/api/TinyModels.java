package io.flywheel.api;

import io.flywheel.api.scoring.ArmSpace;
import io.flywheel.api.scoring.ModelFeatures;
import io.flywheel.model.Arm;
import io.flywheel.model.ModelMetadata;
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
        return new Arm(
                platform,
                niche,
                pick(r, ArmSpace.HOOK_STYLES),
                pick(r, ArmSpace.PACINGS),
                ArmSpace.DURATIONS.get(r.nextInt(ArmSpace.DURATIONS.size())),
                pick(r, ArmSpace.VOICES),
                pick(r, ArmSpace.MUSIC_MOODS),
                pick(r, ArmSpace.CAPTION_STYLES),
                pick(r, ArmSpace.VISUAL_STYLES),
                r.nextInt(24));
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
        Path dir = Files.createDirectories(modelDir.resolve("engagement").resolve("v" + version));
        List<String> niches = List.of("cooking", "fitness");
        ModelFeatures layout = new ModelFeatures(ModelFeatures.FEATURES, niches, ArmSpace.VOICES);
        Random r = new Random(seed);
        int n = 600;
        List<Arm> arms = new ArrayList<>();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arm a = randomArm(r, ArmSpace.PLATFORMS.get(r.nextInt(3)), niches.get(r.nextInt(2)));
            arms.add(a);
            y[i] = (float) (truth(a, hookBonus) + r.nextGaussian() * 5);
        }
        Map<String, Double> gain = new HashMap<>();
        for (int b = 0; b < boosters; b++) {
            float[] x = new float[n * layout.width()];
            float[] yb = new float[n];
            for (int i = 0; i < n; i++) {
                int j = r.nextInt(n); // bootstrap resample
                layout.encode(arms.get(j), x, i * layout.width());
                yb[i] = y[j];
            }
            DMatrix m = new DMatrix(x, n, layout.width(), Float.NaN);
            m.setLabel(yb);
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "reg:squarederror");
            params.put("max_depth", 4);
            params.put("eta", 0.3);
            params.put("nthread", 1);
            params.put("seed", (int) (seed + b));
            Booster booster = XGBoost.train(m, params, 30, Map.of(), null, null);
            booster.saveModel(dir.resolve(String.format("member-%02d.ubj", b)).toString());
            if (b == 0) {
                gain.putAll(
                        booster.getScore(ModelFeatures.FEATURES.toArray(new String[0]), "gain"));
            }
            booster.dispose();
            m.dispose();
        }
        new ModelMetadata(
                        "engagement",
                        version,
                        "engaged_views",
                        ModelFeatures.FEATURES,
                        niches,
                        ArmSpace.VOICES,
                        Map.of("rmse", 5.0 + hookBonus / 100 + version),
                        gain,
                        java.time.Instant.now().plusSeconds(version).toString())
                .write(dir);
        // The TrainJob draws its plots beside the boosters; a small real PNG stands in for them.
        Files.write(dir.resolve("feature-importance.png"), ApiFixture.tinyPng());
        return dir;
    }
}
