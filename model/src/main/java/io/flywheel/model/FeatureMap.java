package io.flywheel.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The boosters' XGBoost feature map ({@code <index> <name> <type>} a line), derived from {@link
 * ParameterTable#FEATURES}: categorical columns are {@code c}, whole numbers {@code int}, reals
 * {@code q}. XGBoost checks the map against each split when it dumps a tree, and the training
 * declares categorical columns as {@code c}, so a map that types them otherwise fails the dump
 * ("caption_style in feature map is categorical but tree node is numerical": XGBoost's message
 * names the two the other way round). xgboost4j's {@code getScore(String[] names, ...)} builds a
 * map of all-{@code q} types, which is why importance goes through this one.
 */
public final class FeatureMap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureMap() {}

    /** The map's text, as XGBoost reads it from a file. */
    public static String text() {
        StringBuilder b = new StringBuilder();
        List<Feature> features = ParameterTable.FEATURES;
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            b.append(i)
                    .append('\t')
                    .append(f.name())
                    .append('\t')
                    .append(f.kind().featureMapType())
                    .append('\n');
        }
        return b.toString();
    }

    /** The booster's trees as JSON text (one per tree), split features named by this map. */
    public static String[] dump(Booster booster) throws XGBoostError {
        Path file = null;
        try {
            file = Files.createTempFile("flywheel-fmap", ".txt");
            Files.writeString(file, text(), StandardCharsets.UTF_8);
            return booster.getModelDump(file.toString(), true, "json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature map", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Total gain per feature over every split of every tree, in {@link #text()}'s order. */
    public static Map<String, Double> totalGain(Booster booster) throws XGBoostError {
        return gain(booster, false);
    }

    /** Mean gain per split of each feature (XGBoost's "gain" importance). */
    public static Map<String, Double> meanGain(Booster booster) throws XGBoostError {
        return gain(booster, true);
    }

    private static Map<String, Double> gain(Booster booster, boolean mean) throws XGBoostError {
        Map<String, Double> sum = new LinkedHashMap<>();
        Map<String, Integer> splits = new LinkedHashMap<>();
        try {
            for (String tree : dump(booster)) {
                add(JSON.readTree(tree), sum, splits);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a tree dump", e);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Feature f : ParameterTable.FEATURES) {
            Double g = sum.get(f.name());
            if (g != null) {
                out.put(f.name(), mean ? g / splits.get(f.name()) : g);
            }
        }
        return out;
    }

    private static void add(JsonNode node, Map<String, Double> sum, Map<String, Integer> splits) {
        JsonNode split = node.get("split");
        if (split != null) {
            sum.merge(split.asText(), node.path("gain").asDouble(), Double::sum);
            splits.merge(split.asText(), 1, Integer::sum);
        }
        for (JsonNode child : node.path("children")) {
            add(child, sum, splits);
        }
    }
}
