package io.flywheel.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.flywheel.api.scoring.Arm;
import io.flywheel.api.scoring.ArmSpace;
import io.flywheel.api.scoring.FeatureLayout;
import io.flywheel.api.scoring.ModelManifest;
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

    static List<String> features() {
        List<String> f = new ArrayList<>();
        ArmSpace.PLATFORMS.forEach(v -> f.add("platform=" + v));
        ArmSpace.HOOK_STYLES.forEach(v -> f.add("hook_style=" + v));
        ArmSpace.PACINGS.forEach(v -> f.add("pacing=" + v));
        ArmSpace.VOICES.forEach(v -> f.add("voice=" + v));
        ArmSpace.MUSIC_MOODS.forEach(v -> f.add("music_mood=" + v));
        ArmSpace.CAPTION_STYLES.forEach(v -> f.add("caption_style=" + v));
        ArmSpace.VISUAL_STYLES.forEach(v -> f.add("visual_style=" + v));
        f.add("target_duration_s");
        f.add("posting_hour");
        return f;
    }

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

    /** Trains and writes {@code modelDir/version/} with {@code boosters} boosters. */
    static Path train(Path modelDir, String version, int boosters, double hookBonus, long seed)
            throws Exception {
        Path dir = Files.createDirectories(modelDir.resolve(version));
        List<String> names = features();
        FeatureLayout layout = new FeatureLayout(names);
        Random r = new Random(seed);
        int n = 600;
        List<Arm> arms = new ArrayList<>();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arm a = randomArm(r, ArmSpace.PLATFORMS.get(r.nextInt(3)), "cooking");
            arms.add(a);
            y[i] = (float) (truth(a, hookBonus) + r.nextGaussian() * 5);
        }
        List<String> files = new ArrayList<>();
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
            params.put("max_depth", 3);
            params.put("eta", 0.3);
            params.put("nthread", 1);
            params.put("seed", (int) (seed + b));
            Booster booster = XGBoost.train(m, params, 30, Map.of(), null, null);
            String file = "booster-" + b + ".json";
            booster.saveModel(dir.resolve(file).toString());
            booster.dispose();
            m.dispose();
            files.add(file);
        }
        ModelManifest manifest =
                new ModelManifest(
                        "engagement",
                        version,
                        "engaged_views",
                        names,
                        files,
                        Map.of("rmse", 5.0 + hookBonus / 100));
        new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writeValue(dir.resolve(ModelManifest.FILE_NAME).toFile(), manifest);
        return dir;
    }
}
