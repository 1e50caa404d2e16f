package io.flywheel.batch.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sin;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Arms → dense feature vectors, identically in Spark (for training) and in plain Java (for scoring
 * with the native boosters). Categorical parameters become their position in a fixed vocabulary:
 * the Avro enum's symbols for enums (so no StringIndexer pass over the data), and the sorted values
 * seen in training for the free-text niche and voice (-1 for unseen ones). Trees split on positions
 * well enough, and the vector stays dense, which xgboost4j-spark requires.
 */
public record FeatureEncoder(List<String> niches, List<String> voices) implements Serializable {
    public static final List<String> FEATURES =
            List.of(
                    "platform",
                    "niche",
                    "hook_style",
                    "pacing",
                    "target_duration_s",
                    "voice",
                    "music_mood",
                    "caption_style",
                    "visual_style",
                    "posting_hour",
                    "posting_hour_sin",
                    "posting_hour_cos");

    /**
     * XGBoost's type of each feature: "c" categorical (trees split on sets of values, so a level
     * the data rarely saw is not lumped with its neighbours in the vocabulary's order), "q"
     * numeric. The boosters keep the split types, so scoring with a plain float matrix is the same.
     */
    public static final List<String> FEATURE_TYPES =
            List.of("c", "c", "c", "c", "q", "c", "c", "c", "c", "q", "q", "q");

    static final List<String> PLATFORMS = symbols(Platform.values());
    static final List<String> HOOKS = symbols(HookStyle.values());
    static final List<String> PACINGS = symbols(Pacing.values());
    static final List<String> MOODS = symbols(MusicMood.values());
    static final List<String> CAPTIONS = symbols(CaptionStyle.values());
    static final List<String> VISUALS = symbols(VisualStyle.values());

    public FeatureEncoder {
        niches = List.copyOf(niches);
        voices = List.copyOf(voices);
    }

    /** Learns the niche and voice vocabularies in one aggregation. */
    public static FeatureEncoder fit(Dataset<Row> rows) {
        Row r =
                rows.agg(
                                array_sort(collect_set(col("niche"))),
                                array_sort(collect_set(col("voice"))))
                        .first();
        return new FeatureEncoder(r.getList(0), r.getList(1));
    }

    /** A dense vector column of {@link #FEATURES}, in that order. */
    public Column vector() {
        Column hour = col("posting_hour").cast("double");
        Column[] parts = {
            position(PLATFORMS, "platform"),
            position(niches, "niche"),
            position(HOOKS, "hook_style"),
            position(PACINGS, "pacing"),
            col("target_duration_s").cast("double"),
            position(voices, "voice"),
            position(MOODS, "music_mood"),
            position(CAPTIONS, "caption_style"),
            position(VISUALS, "visual_style"),
            hour,
            sin(hour.multiply(2 * Math.PI / 24)),
            cos(hour.multiply(2 * Math.PI / 24))
        };
        return functions.array_to_vector(array(parts));
    }

    /** The same numbers as {@link #vector()}, for one arm, as the native booster takes them. */
    public float[] encode(Arm a) {
        double hour = a.postingHour();
        return new float[] {
            PLATFORMS.indexOf(a.platform()),
            niches.indexOf(a.niche()),
            HOOKS.indexOf(a.hookStyle()),
            PACINGS.indexOf(a.pacing()),
            a.targetDurationS(),
            voices.indexOf(a.voice()),
            MOODS.indexOf(a.musicMood()),
            CAPTIONS.indexOf(a.captionStyle()),
            VISUALS.indexOf(a.visualStyle()),
            (float) hour,
            (float) Math.sin(hour * 2 * Math.PI / 24),
            (float) Math.cos(hour * 2 * Math.PI / 24)
        };
    }

    /** Row-major features of many arms, for one DMatrix. */
    public float[] encodeAll(List<Arm> arms) {
        float[] out = new float[arms.size() * FEATURES.size()];
        for (int i = 0; i < arms.size(); i++) {
            System.arraycopy(encode(arms.get(i)), 0, out, i * FEATURES.size(), FEATURES.size());
        }
        return out;
    }

    private static Column position(List<String> vocabulary, String column) {
        Column[] values = vocabulary.stream().map(v -> lit(v)).toArray(Column[]::new);
        // array_position is 1-based and 0 when absent: minus one gives the index or -1.
        return array_position(array(values), col(column)).minus(1).cast("double");
    }

    private static List<String> symbols(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
