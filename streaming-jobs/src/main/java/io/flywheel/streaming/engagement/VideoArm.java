package io.flywheel.streaming.engagement;

/**
 * A published video and the arm it was made with: the join of VideoPublished and ContentRequested.
 */
public class VideoArm {
    public String videoId;
    public String jobId;
    public String armId;

    /** The platform it was published on (from VideoPublished). */
    public String platform;

    public VideoArm() {}

    public VideoArm(String videoId, String jobId, String armId, String platform) {
        this.videoId = videoId;
        this.jobId = jobId;
        this.armId = armId;
        this.platform = platform;
    }

    /** The key of the arm windows this video's events go to. */
    public String armPlatform() {
        return armId + "/" + platform;
    }
}
