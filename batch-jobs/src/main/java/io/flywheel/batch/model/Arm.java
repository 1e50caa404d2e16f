package io.flywheel.batch.model;

import io.flywheel.batch.lake.ArmKey;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/** One arm in one segment: the content parameters, as the lake stores them (enum names). */
public record Arm(
        String platform,
        String niche,
        String hookStyle,
        String pacing,
        int targetDurationS,
        String voice,
        String musicMood,
        String captionStyle,
        String visualStyle,
        int postingHour)
        implements Serializable {

    public static Arm of(Row r) {
        return new Arm(
                r.getAs("platform"),
                r.getAs("niche"),
                r.getAs("hook_style"),
                r.getAs("pacing"),
                r.<Integer>getAs("target_duration_s"),
                r.getAs("voice"),
                r.getAs("music_mood"),
                r.getAs("caption_style"),
                r.getAs("visual_style"),
                r.<Integer>getAs("posting_hour"));
    }

    public String segment() {
        return platform + "/" + niche;
    }

    /** The canonical arm key, the same {@link ArmKey#column()} computes in Spark. */
    public String armKey() {
        return ArmKey.of(
                platform,
                niche,
                hookStyle,
                pacing,
                targetDurationS,
                voice,
                musicMood,
                captionStyle,
                visualStyle,
                postingHour);
    }

    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", platform);
        m.put("niche", niche);
        m.put("hook_style", hookStyle);
        m.put("pacing", pacing);
        m.put("target_duration_s", targetDurationS);
        m.put("voice", voice);
        m.put("music_mood", musicMood);
        m.put("caption_style", captionStyle);
        m.put("visual_style", visualStyle);
        m.put("posting_hour", postingHour);
        return m;
    }
}
