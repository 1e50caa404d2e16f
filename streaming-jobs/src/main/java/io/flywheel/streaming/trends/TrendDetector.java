package io.flywheel.streaming.trends;

import io.flywheel.config.TrendSettings;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per trend key, in event time: engaged views per slide (1 minute), a window ending at every slide
 * boundary once the watermark passes it, tested by {@link TrendStatistic}; the slide that leaves
 * the window goes into the baseline. Windows that started before the key's first view are
 * incomplete and not tested. Emits the windows in which the key is trending. A key without views in
 * its window sleeps (no timers); its next view first takes the empty windows in between into the
 * baseline.
 */
public final class TrendDetector extends KeyedProcessFunction<String, TrendPoint, TrendWindow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrendDetector.class);

    /** At most this many empty slides are taken in after a sleep (the baseline is ~0 by then). */
    static final int MAX_EMPTY_SLIDES = 2_000;

    private final TrendSettings rule;
    private transient MapState<Long, Long> slides;
    private transient ValueState<TrendBaseline> baseline;
    private transient ValueState<TrendPoint> identity;
    private transient ValueState<Long> firstSlide;
    private transient ValueState<Long> nextEnd;
    private transient ValueState<Long> sleptAt;
    private transient Counter windowsTested;
    private transient Counter trendsDetected;
    private transient Counter latePoints;

    public TrendDetector(TrendSettings rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext openContext) {
        var c = getRuntimeContext();
        slides = c.getMapState(new MapStateDescriptor<>("slides", Types.LONG, Types.LONG));
        baseline = c.getState(new ValueStateDescriptor<>("baseline", TrendBaseline.class));
        identity = c.getState(new ValueStateDescriptor<>("identity", TrendPoint.class));
        firstSlide = c.getState(new ValueStateDescriptor<>("first-slide", Types.LONG));
        nextEnd = c.getState(new ValueStateDescriptor<>("next-end", Types.LONG));
        sleptAt = c.getState(new ValueStateDescriptor<>("slept-at", Types.LONG));
        windowsTested = c.getMetricGroup().counter("trendWindowsTested");
        trendsDetected = c.getMetricGroup().counter("trendsDetected");
        latePoints = c.getMetricGroup().counter("trendLatePoints");
    }

    @Override
    public void processElement(TrendPoint p, Context ctx, Collector<TrendWindow> out)
            throws Exception {
        long slide = rule.slide().toMillis();
        long s = Math.floorDiv(p.eventTime, slide) * slide;
        if (identity.value() == null) {
            TrendPoint id = new TrendPoint(p.platform, p.dimension, p.value, p.armKey, 0, 0);
            identity.update(id);
            firstSlide.update(s);
            baseline.update(new TrendBaseline());
        }
        Long next = nextEnd.value();
        if (next == null) {
            Long slept = sleptAt.value();
            if (slept == null) {
                next = s + slide;
            } else if (s >= slept) {
                takeEmptySlides(slept, s);
                next = s + slide;
            } else {
                next = slept + slide;
            }
            sleptAt.clear();
            nextEnd.update(next);
            ctx.timerService().registerEventTimeTimer(next - 1);
        }
        if (s < next - rule.window().toMillis()) {
            latePoints.inc(); // its slide is already in the baseline
            return;
        }
        Long had = slides.get(s);
        slides.put(s, (had == null ? 0 : had) + p.engagedViews);
    }

    /** The windows ending after {@code sleptEnd} up to {@code s} were empty. */
    private void takeEmptySlides(long sleptEnd, long s) throws Exception {
        long slide = rule.slide().toMillis();
        long first = firstSlide.value();
        TrendBaseline b = baseline.value();
        int taken = 0;
        for (long end = sleptEnd + slide; end <= s && taken < MAX_EMPTY_SLIDES; end += slide) {
            if (end - rule.window().toMillis() >= first) {
                TrendStatistic.test(b, 0, rule);
                TrendStatistic.absorb(b, 0, rule);
                taken++;
            }
        }
        baseline.update(b);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendWindow> out)
            throws Exception {
        long slide = rule.slide().toMillis();
        long window = rule.window().toMillis();
        long end = timestamp + 1;
        long start = end - window;
        long views = 0;
        for (Iterator<Map.Entry<Long, Long>> it = slides.iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (e.getKey() >= start && e.getKey() < end) {
                views += e.getValue();
            }
        }
        TrendBaseline b = baseline.value();
        long first = firstSlide.value();
        if (start >= first) {
            windowsTested.inc();
            TrendStatistic.Verdict v = TrendStatistic.test(b, views, rule);
            if (v.trending()) {
                out.collect(row(start, end, v));
            }
            Long leaving = slides.get(start);
            TrendStatistic.absorb(b, leaving == null ? 0 : leaving, rule);
            baseline.update(b);
        }
        slides.remove(start);
        if (slides.isEmpty()) {
            nextEnd.clear();
            sleptAt.update(end);
        } else {
            nextEnd.update(end + slide);
            ctx.timerService().registerEventTimeTimer(end + slide - 1);
        }
    }

    private TrendWindow row(long start, long end, TrendStatistic.Verdict v) throws Exception {
        TrendPoint id = identity.value();
        TrendWindow w = new TrendWindow();
        w.platform = id.platform;
        w.dimension = id.dimension;
        w.value = id.value;
        w.armKey = id.armKey;
        w.windowStart = start;
        w.windowEnd = end;
        w.engagedViews = v.views();
        w.baselineMean = v.expected();
        w.baselineSd = v.sd();
        w.zScore = v.z();
        w.onset = v.onset();
        if (w.onset) {
            trendsDetected.inc();
            LOG.info(
                    "trend on {}: {} {} has {} engaged views in the window ending {}, baseline"
                            + " {} (sd {}), z {}",
                    w.platform,
                    w.dimension,
                    w.value,
                    w.engagedViews,
                    java.time.Instant.ofEpochMilli(end),
                    String.format("%.1f", w.baselineMean),
                    String.format("%.1f", w.baselineSd),
                    String.format("%.2f", w.zScore));
        }
        return w;
    }
}
