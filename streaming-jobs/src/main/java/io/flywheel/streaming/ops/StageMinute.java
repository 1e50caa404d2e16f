package io.flywheel.streaming.ops;

/** One stage and provider over one minute: attempts, failures, latency sketch and cost. */
public class StageMinute {
    public String stage;
    public String provider;
    public long windowStart;
    public long windowEnd;
    public long attempts;
    public long failures;
    public long costMicroUsd;
    public LatencySketch latency = new LatencySketch();

    public StageMinute() {}

    public Double failureRate() {
        return attempts == 0 ? null : (double) failures / attempts;
    }
}
