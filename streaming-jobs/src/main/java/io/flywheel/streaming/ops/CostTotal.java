package io.flywheel.streaming.ops;

/**
 * A running cost total: of one content job (key = job id, {@code videoId} once rendered) or of one
 * provider on one UTC day (key = day|provider). {@code attempts} only grows, so a replayed (older)
 * total never overwrites a newer one.
 */
public class CostTotal {
    public String key;
    public String videoId;
    public long attempts;
    public long failures;
    public long costMicroUsd;

    public CostTotal() {}
}
