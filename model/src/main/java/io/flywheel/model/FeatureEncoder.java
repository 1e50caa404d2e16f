package io.flywheel.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arms → the boosters' dense feature rows ({@link ParameterTable#FEATURES}), in plain Java. A
 * categorical parameter is its position in its vocabulary: the Avro enum's symbols, or for niche
 * and voice the sorted values the training saw (-1 for unseen ones); a number is itself; a cyclic
 * one adds its sine and cosine. batch-jobs' Spark adapter computes the same columns from the same
 * table, so training and serving cannot drift apart.
 *
 * @param learned the vocabularies learned in training, by parameter name
 */
public record FeatureEncoder(Map<String, List<String>> learned) implements Serializable {
    public FeatureEncoder {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Parameter p : ParameterTable.ALL) {
            if (p.learned()) {
                List<String> v = learned.get(p.name());
                if (v == null) {
                    throw new IllegalArgumentException("no vocabulary for " + p.name());
                }
                copy.put(p.name(), List.copyOf(v));
            }
        }
        learned = Map.copyOf(copy);
    }

    public static int width() {
        return ParameterTable.FEATURES.size();
    }

    /** The parameter's vocabulary: fixed in the table, or learned in training. */
    public List<String> vocabulary(Parameter p) {
        return p.learned() ? learned.get(p.name()) : p.vocabulary();
    }

    public void encode(Arm a, float[] out, int offset) {
        List<Feature> features = ParameterTable.FEATURES;
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            Object v = a.get(f.parameter());
            out[offset + i] =
                    switch (f.form()) {
                        case POSITION -> vocabulary(f.parameter()).indexOf((String) v);
                        case VALUE -> (float) ((Integer) v).doubleValue();
                        case SIN -> (float) Math.sin(((Integer) v) * f.radiansPerUnit());
                        case COS -> (float) Math.cos(((Integer) v) * f.radiansPerUnit());
                    };
        }
    }

    public float[] encode(Arm a) {
        float[] out = new float[width()];
        encode(a, out, 0);
        return out;
    }

    /** Row-major features of many arms, for one DMatrix. */
    public float[] encodeAll(List<Arm> arms) {
        int w = width();
        float[] out = new float[arms.size() * w];
        for (int i = 0; i < arms.size(); i++) {
            encode(arms.get(i), out, i * w);
        }
        return out;
    }
}
