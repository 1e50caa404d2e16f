package io.flywheel.simulator;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.EngagementObserved;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The sandbox platform's audience over simulated time: told which videos went live, it hands out
 * the engagement increments whose reporting time has come, oldest first, like an analytics API that
 * reports with a lag. Not thread-safe; one simulator per consumer.
 */
public final class AudienceSimulator {
    private final AudienceModel model;
    private final PriorityQueue<EngagementReport> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong(EngagementReport::dueAt)
                            .thenComparing(r -> r.event().getVideoId())
                            .thenComparingLong(r -> r.event().getPeriodStart()));

    public AudienceSimulator(AudienceModel model) {
        this.model = model;
    }

    /** Whether the world has an audience for this arm's segment. */
    public boolean covers(ContentParameters p) {
        return model.world().segments().containsKey(Parameters.segment(p));
    }

    public void published(
            String videoId,
            String platformVideoId,
            String traceId,
            ContentParameters p,
            long publishedAt) {
        pending.addAll(model.reports(videoId, platformVideoId, traceId, p, publishedAt));
    }

    /** The increments reported by simulated time {@code now}, removed from the queue. */
    public List<EngagementObserved> due(long now) {
        return dueReports(now).stream().map(EngagementReport::event).toList();
    }

    /** The reports due by simulated time {@code now}, with their times, removed from the queue. */
    public List<EngagementReport> dueReports(long now) {
        List<EngagementReport> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().dueAt() <= now) {
            out.add(pending.poll());
        }
        return out;
    }

    public int pending() {
        return pending.size();
    }

    /** When the next increment is due, or Long.MAX_VALUE if none is pending. */
    public long nextDue() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.peek().dueAt();
    }
}
