package io.flywheel.batch.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The boosters of one model version, trained on bootstrap resamples, scoring arms with the native
 * xgboost4j library (no Spark). The members' spread says how sure the model is about an arm.
 */
public final class Ensemble {
    private final FeatureEncoder encoder;
    private final List<Booster> members;

    public Ensemble(FeatureEncoder encoder, List<Booster> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one booster");
        }
        this.encoder = encoder;
        this.members = List.copyOf(members);
    }

    /** Loads {@code member-*.ubj} from a model directory written by the TrainJob. */
    public static Ensemble load(Path dir, FeatureEncoder encoder) {
        List<Booster> boosters = new ArrayList<>();
        try (var files = Files.list(dir)) {
            List<Path> paths =
                    files.filter(p -> p.getFileName().toString().matches("member-\\d+\\.ubj"))
                            .sorted()
                            .toList();
            for (Path p : paths) {
                boosters.add(XGBoost.loadModel(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + dir, e);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot load a booster of " + dir, e);
        }
        return new Ensemble(encoder, boosters);
    }

    public int size() {
        return members.size();
    }

    public FeatureEncoder encoder() {
        return encoder;
    }

    /** predictions[member][arm]. */
    public float[][] predictByMember(List<Arm> arms) {
        float[][] out = new float[members.size()][arms.size()];
        if (arms.isEmpty()) {
            return out;
        }
        float[] data = encoder.encodeAll(arms);
        try {
            DMatrix m = new DMatrix(data, arms.size(), FeatureEncoder.FEATURES.size(), Float.NaN);
            try {
                for (int k = 0; k < members.size(); k++) {
                    float[][] p = members.get(k).predict(m);
                    for (int i = 0; i < arms.size(); i++) {
                        out[k][i] = p[i][0];
                    }
                }
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("prediction failed", e);
        }
        return out;
    }

    /** One member's predictions. */
    public double[] predict(int member, List<Arm> arms) {
        double[] out = new double[arms.size()];
        if (arms.isEmpty()) {
            return out;
        }
        try {
            DMatrix m =
                    new DMatrix(
                            encoder.encodeAll(arms),
                            arms.size(),
                            FeatureEncoder.FEATURES.size(),
                            Float.NaN);
            try {
                float[][] p = members.get(member).predict(m);
                for (int i = 0; i < out.length; i++) {
                    out[i] = p[i][0];
                }
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("prediction failed", e);
        }
        return out;
    }

    /** The members' mean prediction per arm. */
    public double[] mean(List<Arm> arms) {
        return mean(predictByMember(arms));
    }

    public static double[] mean(float[][] byMember) {
        int n = byMember[0].length;
        double[] out = new double[n];
        for (float[] member : byMember) {
            for (int i = 0; i < n; i++) {
                out[i] += member[i];
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= byMember.length;
        }
        return out;
    }

    public static double[] sd(float[][] byMember) {
        double[] mean = mean(byMember);
        double[] out = new double[mean.length];
        if (byMember.length < 2) {
            return out;
        }
        for (float[] member : byMember) {
            for (int i = 0; i < mean.length; i++) {
                double d = member[i] - mean[i];
                out[i] += d * d;
            }
        }
        for (int i = 0; i < mean.length; i++) {
            out[i] = Math.sqrt(out[i] / (byMember.length - 1));
        }
        return out;
    }

    public void dispose() {
        members.forEach(Booster::dispose);
    }
}
