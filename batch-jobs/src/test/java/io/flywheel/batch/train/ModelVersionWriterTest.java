package io.flywheel.batch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.effects.EffectsLayout;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.model.ModelMetadata;
import io.flywheel.model.ParameterTable;
import io.flywheel.storage.ModelArtifacts;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelVersionWriterTest {
    // Four rows of two features; each member learns its own labels.
    private static final float[] FEATURES = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final float[][] LABELS = {{10, 20, 30, 40}, {5, 5, 50, 50}};

    @Test
    void writesAVersionAndReadsEveryFileBack(@TempDir Path store) throws Exception {
        ModelVersionWriter writer = new ModelVersionWriter(store, ModelArtifacts.local(store));
        Path dir = writer.createVersion("engaged_views-72h", 3);
        assertThat(dir).isEqualTo(store.resolve("engaged_views-72h").resolve("v3")).isDirectory();

        List<Booster> boosters = new ArrayList<>();
        DMatrix rows = new DMatrix(FEATURES, 4, 2, Float.NaN);
        try {
            for (float[] labels : LABELS) {
                boosters.add(train(labels));
            }
            writer.writeBoosters(dir, boosters);
            for (int k = 0; k < boosters.size(); k++) {
                Booster back =
                        XGBoost.loadModel(
                                dir.resolve(ModelVersionWriter.boosterFile(k)).toString());
                try {
                    assertThat(back.predict(rows)).isDeepEqualTo(boosters.get(k).predict(rows));
                } finally {
                    back.dispose();
                }
            }
            // The two members learnt different labels: the files are not one booster twice.
            assertThat(boosters.get(0).predict(rows)).isNotEqualTo(boosters.get(1).predict(rows));
        } finally {
            boosters.forEach(Booster::dispose);
            rows.dispose();
        }

        EffectsModel effects = effects();
        writer.writeEffects(dir, effects);
        EffectsModel effectsBack = EffectsModelFile.read(dir);
        assertThat(effectsBack.mean()).containsExactly(effects.mean());
        assertThat(effectsBack.draws()).isDeepEqualTo(effects.draws());
        assertThat(effectsBack.variances()).containsExactly(effects.variances());
        assertThat(effectsBack.centre()).isEqualTo(6.5);
        assertThat(effectsBack.rows()).isEqualTo(120);

        ModelMetadata meta = metadata();
        writer.writeMetadata(dir, meta);
        assertThat(ModelMetadata.read(dir)).isEqualTo(meta);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly(
                            "effects.json", "member-00.ubj", "member-01.ubj", "metadata.json");
        }
        String uri = writer.publish(dir);
        assertThat(uri).startsWith("file:/").endsWith("/engaged_views-72h/v3/");
        assertThat(Path.of(URI.create(uri))).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void boosterFilesAreNumberedWithTwoDigits() {
        assertThat(ModelVersionWriter.boosterFile(0)).isEqualTo("member-00.ubj");
        assertThat(ModelVersionWriter.boosterFile(7)).isEqualTo("member-07.ubj");
        assertThat(ModelVersionWriter.boosterFile(12)).isEqualTo("member-12.ubj");
    }

    @Test
    void aVersionDirectoryThatCannotBeMadeSaysWhere(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        ModelVersionWriter writer = new ModelVersionWriter(file, ModelArtifacts.local(file));
        assertThatThrownBy(() -> writer.createVersion("m", 1))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot create the model directory " + file.resolve("m").resolve("v1"));
    }

    private static Booster train(float[] labels) throws XGBoostError {
        DMatrix m = new DMatrix(FEATURES, 4, 2, Float.NaN);
        try {
            m.setLabel(labels);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("objective", "reg:squarederror");
            params.put("max_depth", 2);
            params.put("eta", 1.0);
            params.put("min_child_weight", 0);
            params.put("nthread", 1);
            params.put("seed", 1);
            return XGBoost.train(m, params, 3, Map.of(), null, null);
        } finally {
            m.dispose();
        }
    }

    private static EffectsModel effects() {
        List<List<String>> levels = new ArrayList<>();
        for (String parameter : EffectsLayout.CONTENT) {
            levels.add(List.of(parameter + "_a", parameter + "_b"));
        }
        EffectsLayout layout =
                new EffectsLayout(
                        List.of("tiktok"), List.of("food"), List.of("tiktok/food"), levels);
        double[] variances = new double[layout.groups()];
        double[] mean = new double[layout.size()];
        double[][] draws = new double[2][layout.size()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = i / 8.0;
            draws[0][i] = -i / 4.0;
            draws[1][i] = i * 0.1;
        }
        for (int g = 0; g < variances.length; g++) {
            variances[g] = 0.25 + g;
        }
        return new EffectsModel(layout, 6.5, 0.125, 120, variances, mean, draws);
    }

    private static ModelMetadata metadata() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("num_round", 3);
        params.put("eta", 0.5);
        return new ModelMetadata(
                "engaged_views-72h",
                3,
                "engaged_views",
                ParameterTable.featureNames(),
                Map.of(
                        "niche", List.of("cooking", "tech"),
                        "voice", List.of("en-us+f3", "en-gb+f2")),
                params,
                "/lake/gold/video_outcomes",
                12,
                400,
                100,
                "2026-12-01T00:00:00Z",
                Map.of("rmse", 98.0, "mae", 71.5),
                Map.of("rmse", 140.25, "mae", 101.0),
                null,
                Map.of("hook_style", 0.75, "pacing", 0.25),
                "2026-12-06T16:00:00Z");
    }
}
