package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A booster trained as the TrainJob trains (categorical parameters declared {@code c}) on data in
 * which every parameter moves the label, so every feature splits.
 */
class FeatureMapTest {
    private static final List<String> NICHES = List.of("cooking", "fitness", "travel");
    private static Booster booster;

    @BeforeAll
    static void train() throws XGBoostError {
        FeatureEncoder encoder =
                new FeatureEncoder(
                        Map.of("niche", NICHES, "voice", ParameterTable.get("voice").values()));
        Random r = new Random(7);
        int n = 3000;
        List<Arm> arms = new ArrayList<>();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arm a = randomArm(r);
            arms.add(a);
            y[i] = (float) (signal(a) + r.nextGaussian());
        }
        DMatrix m = new DMatrix(encoder.encodeAll(arms), n, FeatureEncoder.width(), Float.NaN);
        m.setLabel(y);
        m.setFeatureTypes(ParameterTable.trainingTypes());
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 6);
        params.put("nthread", 1);
        params.put("seed", 1);
        booster = XGBoost.train(m, params, 40, Map.of(), null, null);
        m.dispose();
    }

    @AfterAll
    static void free() {
        booster.dispose();
    }

    /** Each parameter's value, by its place in the vocabulary, adds to the label. */
    static double signal(Arm a) {
        double s = 0;
        int k = 1;
        for (Parameter p : ParameterTable.ALL) {
            List<String> v = valuesOf(p);
            s += k * v.indexOf(p.text(a)) % 3;
            k++;
        }
        return s;
    }

    /**
     * The values the data draws from: the niches above for a learned vocabulary, the whole
     * vocabulary where the default space offers one value (a language: English alone), else the
     * default space's.
     */
    static List<String> valuesOf(Parameter p) {
        if (p.learned() && p.values().isEmpty()) {
            return NICHES;
        }
        if (p.values().size() < 2) {
            return p.vocabulary().stream().filter(v -> !v.equals("UNKNOWN")).toList();
        }
        return p.values();
    }

    static Arm randomArm(Random r) {
        List<Object> values = new ArrayList<>();
        for (Parameter p : ParameterTable.ALL) {
            List<String> v = valuesOf(p);
            values.add(v.get(r.nextInt(v.size())));
        }
        return Arm.of(values);
    }

    @Test
    void namesEveryFeaturesGainThroughTheTypedMap() throws XGBoostError {
        Map<String, Double> gain = FeatureMap.totalGain(booster);
        assertThat(gain.keySet())
                .containsAll(ParameterTable.names())
                .allMatch(ParameterTable.featureNames()::contains);
        assertThat(gain.values()).allMatch(g -> g > 0);
        assertThat(FeatureMap.dump(booster)[0]).contains("\"split\": \"caption_style\"");
    }

    /** The bug of GET /v1/models/{v}: xgboost4j's named dump types every feature "q". */
    @Test
    void anAllNumericMapFailsOnTheCategoricalSplits() {
        String[] names = ParameterTable.featureNames().toArray(String[]::new);
        assertThatThrownBy(() -> booster.getScore(names, "total_gain"))
                .isInstanceOf(XGBoostError.class)
                .hasMessageContaining("in feature map is categorical but tree node is numerical");
    }
}
