package io.flywheel.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

    /** The {@code member-NN.ubj} files of a model directory written by the TrainJob, in order. */
    public static List<Path> members(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("member-\\d+\\.ubj"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + dir, e);
        }
    }

    /** Loads the boosters of a model directory, to be encoded by {@code encoder}. */
    public static Ensemble load(Path dir, FeatureEncoder encoder) {
        List<Booster> boosters = new ArrayList<>();
        try {
            for (Path p : members(dir)) {
                boosters.add(XGBoost.loadModel(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            boosters.forEach(Booster::dispose);
            throw new UncheckedIOException("cannot read model " + dir, e);
        } catch (XGBoostError e) {
            boosters.forEach(Booster::dispose);
            throw new IllegalStateException("cannot load a booster of " + dir, e);
        }
        if (boosters.isEmpty()) {
            throw new IllegalStateException(dir + " holds no member-NN.ubj boosters");
        }
        return new Ensemble(encoder, boosters);
    }

    /** Loads a model directory with the encoder its {@code metadata.json} describes. */
    public static Ensemble load(Path dir) {
        return load(dir, ModelMetadata.read(dir).encoder());
    }

    /**
     * One thread per booster: more only add hand-off latency for the small batches a request scores
     * (p99 from 0.15 ms to 8-20 ms for a single row).
     */
    public Ensemble singleThreaded() {
        try {
            for (Booster b : members) {
                b.setParam("nthread", 1);
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot set nthread", e);
        }
        return this;
    }

    public int size() {
        return members.size();
    }

    public FeatureEncoder encoder() {
        return encoder;
    }

    /** predictions[member][arm]. */
    public float[][] predictByMember(List<Arm> arms) {
        float[][] out = new float[members.size()][];
        for (int k = 0; k < members.size(); k++) {
            out[k] = new float[arms.size()];
        }
        if (arms.isEmpty()) {
            return out;
        }
        withMatrix(
                arms,
                m -> {
                    for (int k = 0; k < members.size(); k++) {
                        column(members.get(k).predict(m), out[k]);
                    }
                });
        return out;
    }

    /** Every member's predictions and their mean and spread. */
    public Scores score(List<Arm> arms) {
        return Scores.of(predictByMember(arms));
    }

    /** The members' mean prediction per arm. */
    public double[] mean(List<Arm> arms) {
        return score(arms).mean();
    }

    /** One member's predictions. */
    public double[] predict(int member, List<Arm> arms) {
        float[] p = new float[arms.size()];
        if (!arms.isEmpty()) {
            withMatrix(arms, m -> column(members.get(member).predict(m), p));
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
        return out;
    }

    public void dispose() {
        members.forEach(Booster::dispose);
    }

    private interface MatrixUse {
        void accept(DMatrix m) throws XGBoostError;
    }

    private void withMatrix(List<Arm> arms, MatrixUse use) {
        DMatrix m = null;
        try {
            m =
                    new DMatrix(
                            encoder.encodeAll(arms),
                            arms.size(),
                            FeatureEncoder.width(),
                            Float.NaN);
            use.accept(m);
        } catch (XGBoostError e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        } finally {
            if (m != null) {
                m.dispose();
            }
        }
    }

    private static void column(float[][] predictions, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions[i][0];
        }
    }
}
