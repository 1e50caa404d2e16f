package io.flywheel.streaming.engagement;

import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Runs {@link VideoKpis} and hands it the watermark of its engagement input (input 2) on its own: a
 * two-input operator otherwise only sees the lower of both inputs' watermarks, and lateness must be
 * judged by the engagement stream alone, as a one-input operator would.
 */
public final class VideoKpisOperator
        extends KeyedCoProcessOperator<String, VideoArm, Engagement, VideoTotals> {
    private static final long serialVersionUID = 1L;

    public VideoKpisOperator(VideoKpis kpis) {
        super(kpis);
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        ((VideoKpis) userFunction)
                .engagementWatermark(
                        mark.getTimestamp(), getProcessingTimeService().getCurrentProcessingTime());
        super.processWatermark2(mark);
    }
}
