package io.flywheel.streaming.engagement;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowStagger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows that place an {@link ArmPoint} by its engagement's own event time
 * rather than the record timestamp: an event that waited for its video's arm is re-emitted with the
 * arm's timestamp, but belongs to the window of when it happened; a minute's sums belong to their
 * minute.
 */
public final class TumblingWindowsOnEventTime extends TumblingEventTimeWindows {
    private static final long serialVersionUID = 1L;
    private final long size;

    private TumblingWindowsOnEventTime(long size) {
        super(size, 0, WindowStagger.ALIGNED);
        this.size = size;
    }

    public static TumblingWindowsOnEventTime of(Duration size) {
        return new TumblingWindowsOnEventTime(size.toMillis());
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        long t = ((ArmPoint) element).eventTime();
        long start = TimeWindow.getWindowStartWithOffset(t, 0, size);
        return List.of(new TimeWindow(start, start + size));
    }
}
