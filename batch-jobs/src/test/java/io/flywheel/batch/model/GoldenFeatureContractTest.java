package io.flywheel.batch.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.train.EnsembleTrainer;
import io.flywheel.model.Arm;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.Ensemble;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.FeatureMap;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one model contract, end to end: the Spark vector training sees, the Java encoding the batch
 * scores with and the encoding the API serves with (the same {@link FeatureEncoder}) agree to the
 * bit on literal arms; boosters trained by the TrainJob's trainer and written as it writes them
 * predict the same from disk as in training; every parameter splits, and the feature map names them
 * all (caption_style's categorical splits broke the API's models page).
 */
class GoldenFeatureContractTest {
    private static final List<String> NICHES = List.of("cooking", "fitness", "travel");

    static final List<Arm> LITERAL =
            List.of(
                    new Arm(
                            "TIKTOK",
                            "fitness",
                            "POV",
                            "FAST",
                            30,
                            "en-us+f3",
                            "UPBEAT",
                            "WORD_HIGHLIGHT",
                            "BOLD",
                            "EN_US",
                            18),
                    new Arm(
                            "YOUTUBE_SHORTS",
                            "cooking",
                            "QUESTION",
                            "SLOW",
                            60,
                            "en-gb+f2",
                            "LOFI",
                            "NONE",
                            "PHOTOGRAPHIC",
                            "ES_ES",
                            0),
                    new Arm(
                            "INSTAGRAM_REELS",
                            "knitting",
                            "STORY",
                            "MEDIUM",
                            15,
                            "en-us+m9",
                            "CALM",
                            "SENTENCE",
                            "MINIMAL",
                            "JA_JP",
                            7));

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (Parameter p : ParameterTable.ALL) {
            fields.add(
                    DataTypes.createStructField(
                            p.name(),
                            p.integer() ? DataTypes.IntegerType : DataTypes.StringType,
                            false));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        return DataTypes.createStructType(fields);
    }

    private static Dataset<Row> rows(SparkSession spark, List<Arm> arms, double[] labels) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            List<Object> v = new ArrayList<>(arms.get(i).parameters().values());
            v.add(labels[i]);
            rows.add(RowFactory.create(v.toArray()));
        }
        return spark.createDataFrame(rows, schema());
    }

    private static float[] sparkRow(Vector v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.apply(i);
        }
        return out;
    }

    @Test
    void sparkJavaAndServedEncodingsAgreeOnLiteralArms() {
        SparkSession spark = TestSpark.session();
        FeatureEncoder encoder =
                new FeatureEncoder(
                        Map.of("niche", NICHES, "voice", ParameterTable.get("voice").values()));
        List<Row> vectors =
                rows(spark, LITERAL, new double[LITERAL.size()])
                        .select(SparkFeatures.vector(encoder).as("features"))
                        .collectAsList();
        for (int i = 0; i < LITERAL.size(); i++) {
            float[] spark1 = sparkRow(vectors.get(i).getAs(0));
            assertThat(spark1)
                    .as(LITERAL.get(i).armKey())
                    .containsExactly(encoder.encode(LITERAL.get(i)));
        }
        assertThat(encoder.encode(LITERAL.get(0)))
                .containsExactly(
                        2f,
                        1f,
                        6f,
                        3f,
                        30f,
                        0f,
                        2f,
                        3f,
                        2f,
                        1f,
                        18f,
                        (float) Math.sin(18 * (2 * Math.PI / 24)),
                        (float) Math.cos(18 * (2 * Math.PI / 24)));
        // the language is the VideoLocale enum's symbol on both sides: ES_ES 2, JA_JP 7
        int language = ParameterTable.featureNames().indexOf("video_locale");
        assertThat(encoder.encode(LITERAL.get(1))[language]).isEqualTo(2f);
        assertThat(encoder.encode(LITERAL.get(2))[language]).isEqualTo(7f);
        assertThat(sparkRow(vectors.get(1).getAs(0))[language]).isEqualTo(2f);
        // unseen niche and voice are -1 on both sides
        assertThat(encoder.encode(LITERAL.get(2))[1]).isEqualTo(-1f);
        assertThat(encoder.encode(LITERAL.get(2))[5]).isEqualTo(-1f);
        assertThat(SparkFeatures.arm(rows(spark, LITERAL, new double[3]).first()))
                .isEqualTo(LITERAL.get(0));
        assertThat(
                        rows(spark, LITERAL, new double[3]).collectAsList().stream()
                                .map(SparkFeatures::arm))
                .containsExactlyElementsOf(LITERAL);
    }

    /**
     * The values the trained arms draw from: the niches, and each parameter's offered values; every
     * language (a channel's setting offers more than the default's one).
     */
    static List<String> drawn(Parameter p) {
        if (p.values().isEmpty()) {
            return NICHES;
        }
        return p == ParameterTable.language()
                ? ChannelLocales.supported().stream().map(ChannelLocales::value).toList()
                : p.values();
    }

    /** Every parameter moves the label, so every one of them splits. */
    static double signal(Arm a) {
        double s = 10;
        int k = 1;
        for (Parameter p : ParameterTable.ALL) {
            List<String> v = drawn(p);
            s += (k % 4 + 1) * (v.indexOf(p.text(a)) % 3);
            k++;
        }
        return s;
    }

    @Test
    void aTrainedModelScoresTheSameFromDiskAndNamesEverySplit(@TempDir Path dir) throws Exception {
        SparkSession spark = TestSpark.session();
        Random r = new Random(11);
        int n = 4000;
        List<Arm> arms = new ArrayList<>();
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            List<Object> v = new ArrayList<>();
            for (Parameter p : ParameterTable.ALL) {
                List<String> values = drawn(p);
                v.add(values.get(r.nextInt(values.size())));
            }
            Arm a = Arm.of(v);
            arms.add(a);
            labels[i] = Math.round(signal(a) + r.nextGaussian());
        }
        EnsembleTrainer.Trained trained =
                new EnsembleTrainer(3, 40, 6, 0.3, 5).fit(rows(spark, arms, labels));
        List<Arm> probe = new ArrayList<>(arms.subList(0, 200));
        probe.addAll(LITERAL);
        try {
            // written as the TrainJob writes its members, then loaded as the API loads them
            for (int k = 0; k < trained.boosters().size(); k++) {
                trained.boosters()
                        .get(k)
                        .saveModel(dir.resolve(String.format("member-%02d.ubj", k)).toString());
            }
            Ensemble inTraining = trained.ensemble();
            Ensemble served = Ensemble.load(dir, trained.encoder()).singleThreaded();
            float[][] a = inTraining.predictByMember(probe);
            float[][] b = served.predictByMember(probe);
            for (int k = 0; k < a.length; k++) {
                assertThat(b[k]).as("member " + k).containsExactly(a[k]);
            }
            // and the rows Spark built for training give the same predictions as Java's encoding
            List<Row> vectors =
                    rows(spark, probe, new double[probe.size()])
                            .select(SparkFeatures.vector(trained.encoder()).as("f"))
                            .collectAsList();
            float[] data = new float[probe.size() * FeatureEncoder.width()];
            for (int i = 0; i < probe.size(); i++) {
                float[] row = sparkRow(vectors.get(i).getAs(0));
                System.arraycopy(row, 0, data, i * row.length, row.length);
            }
            DMatrix m = new DMatrix(data, probe.size(), FeatureEncoder.width(), Float.NaN);
            Booster first = XGBoost.loadModel(Files.readAllBytes(dir.resolve("member-00.ubj")));
            float[][] p = first.predict(m);
            for (int i = 0; i < probe.size(); i++) {
                assertThat(p[i][0]).isEqualTo(b[0][i]);
            }
            Map<String, Double> gain = FeatureMap.totalGain(first);
            assertThat(gain.keySet()).containsAll(ParameterTable.names());
            assertThat(FeatureMap.dump(first)[0]).isNotEmpty();
            first.dispose();
            m.dispose();
            served.dispose();
        } finally {
            trained.boosters().forEach(Booster::dispose);
        }
    }
}
