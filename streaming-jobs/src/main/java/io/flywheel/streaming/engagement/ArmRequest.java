package io.flywheel.streaming.engagement;

import io.flywheel.model.Arm;
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

    /**
     * The canonical arm text ({@link Arm#armKey()}), as in content_jobs.arm_key: every parameter's
     * value, so the arm's columns are read back from it ({@link Arm#ofKey}).
     */
    public String armKey;

    public String platform;
    public String niche;
    public long eventTime;

    public ArmRequest() {}

    public static ArmRequest of(ContentRequested e) {
        ContentParameters c = e.getParameters();
        ArmRequest a = new ArmRequest();
        a.jobId = e.getJobId();
        Arm arm = Arm.fromAvro(c);
        a.platform = arm.platform();
        a.niche = arm.niche();
        a.eventTime = e.getEnvelope().getEventTime();
        a.armKey = arm.armKey();
        a.armId = armId(a.armKey);
        return a;
    }

    /**
     * The first 16 hex digits of SHA-256 over the arm key: a short, fixed-size key for the arm
     * windows (it is serialized with every event), the same for the same parameters everywhere.
     */
    public static String armId(String armKey) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(armKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
