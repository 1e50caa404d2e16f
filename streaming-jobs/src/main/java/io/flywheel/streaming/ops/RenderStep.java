package io.flywheel.streaming.ops;

import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.VideoRendered;

/**
 * One pipeline stage attempt (completed or failed) with its latency and cost, or the notice that a
 * job produced its video ({@code videoId} set, no stage), flattened for Flink.
 */
public class RenderStep {
    public String eventId;
    public String jobId;
    public String stage;
    public String provider;
    public int attempt;
    public long latencyMs;
    public long costMicroUsd;
    public boolean failed;

    /** Set only for VideoRendered: the video this job produced. */
    public String videoId;

    public long eventTime;

    public RenderStep() {}

    public boolean isAttempt() {
        return videoId == null;
    }

    public static RenderStep of(StageCompleted e) {
        RenderStep s = new RenderStep();
        s.eventId = e.getEnvelope().getEventId();
        s.jobId = e.getJobId();
        s.stage = e.getStage().name();
        s.provider = e.getProvider();
        s.attempt = e.getAttempt();
        s.latencyMs = e.getLatencyMs();
        s.costMicroUsd = e.getCostMicroUsd();
        s.eventTime = e.getEnvelope().getEventTime();
        return s;
    }

    public static RenderStep of(StageFailed e) {
        RenderStep s = new RenderStep();
        s.eventId = e.getEnvelope().getEventId();
        s.jobId = e.getJobId();
        s.stage = e.getStage().name();
        s.provider = e.getProvider();
        s.attempt = e.getAttempt();
        s.latencyMs = e.getLatencyMs();
        s.costMicroUsd = e.getCostMicroUsd();
        s.failed = true;
        s.eventTime = e.getEnvelope().getEventTime();
        return s;
    }

    public static RenderStep of(VideoRendered e) {
        RenderStep s = new RenderStep();
        s.eventId = e.getEnvelope().getEventId();
        s.jobId = e.getJobId();
        s.videoId = e.getVideoId();
        s.eventTime = e.getEnvelope().getEventTime();
        return s;
    }
}
