package io.flywheel.streaming.engagement;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The arm (content parameters) a content job was made with, from {@code ContentRequested}. The arm
 * id is a digest of the parameters, so the same parameters are the same arm in every job, run and
 * replay.
 */
public class ArmRequest {
    public String jobId;
    public String armId;
    public String platform;
    public String niche;
    public String hookStyle;
    public String pacing;
    public int targetDurationS;
    public String voice;
    public String musicMood;
    public String captionStyle;
    public String visualStyle;
    public int postingHour;
    public long eventTime;

    public ArmRequest() {}

    public static ArmRequest of(ContentRequested e) {
        ContentParameters c = e.getParameters();
        ArmRequest a = new ArmRequest();
        a.jobId = e.getJobId();
        a.platform = c.getPlatform().name();
        a.niche = c.getNiche();
        a.hookStyle = c.getHookStyle().name();
        a.pacing = c.getPacing().name();
        a.targetDurationS = c.getTargetDurationS();
        a.voice = c.getVoice();
        a.musicMood = c.getMusicMood().name();
        a.captionStyle = c.getCaptionStyle().name();
        a.visualStyle = c.getVisualStyle().name();
        a.postingHour = c.getPostingHour();
        a.eventTime = e.getEnvelope().getEventTime();
        a.armId = armId(a);
        return a;
    }

    /** The first 16 hex digits of SHA-256 over the parameters in schema order. */
    public static String armId(ArmRequest a) {
        String canonical =
                String.join(
                        "|",
                        a.platform,
                        a.niche,
                        a.hookStyle,
                        a.pacing,
                        Integer.toString(a.targetDurationS),
                        a.voice,
                        a.musicMood,
                        a.captionStyle,
                        a.visualStyle,
                        Integer.toString(a.postingHour));
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
