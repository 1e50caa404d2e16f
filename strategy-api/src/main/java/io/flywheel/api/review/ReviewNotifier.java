package io.flywheel.api.review;

import io.flywheel.api.webhooks.WebhookEvent;
import io.flywheel.api.webhooks.WebhookPayloads;
import io.flywheel.api.webhooks.WebhookStore;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewQueue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Queues a {@code review.required} webhook for every video the publisher holds for review. The
 * review item is the outbox: an item is marked notified only after its deliveries are in
 * PostgreSQL, and its event id is derived from the video id, so a crash in between queues nothing
 * twice (the deliveries' (subscription, event id) key). Runs in the API beside the webhook
 * dispatcher.
 */
public final class ReviewNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewNotifier.class);

    private final ReviewQueue queue;
    private final WebhookStore store;
    private final Runnable wakeDispatcher;
    private final Clock clock;
    private final long periodMs;
    private final Thread thread;
    private volatile boolean running = true;

    public ReviewNotifier(
            ReviewQueue queue,
            WebhookStore store,
            Runnable wakeDispatcher,
            Clock clock,
            long periodMs) {
        this.queue = queue;
        this.store = store;
        this.wakeDispatcher = wakeDispatcher;
        this.clock = clock;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, "review-notifier");
        this.thread.setDaemon(true);
    }

    public ReviewNotifier start() {
        thread.start();
        return this;
    }

    /**
     * Queues the webhooks of the items not notified yet.
     *
     * @return the items notified
     */
    public int notifyNew() {
        int n = 0;
        for (ReviewItem i : queue.toNotify(100)) {
            MDC.put("trace_id", i.traceId());
            try {
                store.enqueue(payload(i), clock.instant());
                queue.markNotified(i.videoId());
                n++;
            } finally {
                MDC.remove("trace_id");
            }
        }
        if (n > 0) {
            wakeDispatcher.run();
        }
        return n;
    }

    /** The body of the {@code review.required} webhook of an item. */
    public static WebhookPayloads.Payload payload(ReviewItem i) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("video_id", i.videoId().toString());
        data.put("job_id", i.jobId().toString());
        data.put("channel", i.channel());
        data.put("title", i.title());
        data.put("reason", i.reason());
        data.put("reason_detail", i.reasonDetail());
        data.put("review_url", "/v1/review/items/" + i.videoId());
        String eventId =
                UUID.nameUUIDFromBytes(
                                ("review.required:" + i.videoId()).getBytes(StandardCharsets.UTF_8))
                        .toString();
        return WebhookPayloads.payload(
                eventId,
                WebhookEvent.REVIEW_REQUIRED,
                i.createdAt().toEpochMilli(),
                i.traceId(),
                data);
    }

    private void run() {
        while (running) {
            try {
                notifyNew();
            } catch (RuntimeException e) {
                // PostgreSQL away: the items stay unnotified and are tried again.
                LOG.warn(
                        "queuing review.required webhooks failed ({}); trying again", e.toString());
            }
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
