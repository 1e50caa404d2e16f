package io.flywheel.api.webhooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The events a subscription can ask for, as they are named on the wire. Each comes from a Kafka
 * event the product already emits (see {@link WebhookPayloads}), except {@code review.required},
 * which the review queue's rows emit ({@code io.flywheel.api.review.ReviewNotifier}).
 */
public enum WebhookEvent {
    /** {@code VideoRendered} on {@code render.events}. */
    VIDEO_RENDERED("video.rendered"),
    /** {@code VideoPublished} on {@code publish.events}. */
    VIDEO_PUBLISHED("video.published"),
    /** {@code StageFailed} with {@code retryable=false}: no further attempt follows. */
    VIDEO_FAILED("video.failed"),
    /** A rendered video waits for approval in the review queue. */
    REVIEW_REQUIRED("review.required"),
    /** {@code BudgetBreached} on {@code control}. */
    BUDGET_BREACHED("budget.breached"),
    /** {@code ModelPromoted} on {@code control}. */
    MODEL_PROMOTED("model.promoted");

    private final String wire;

    WebhookEvent(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookEvent> parse(String s) {
        return Arrays.stream(values())
                .filter(e -> e.wire.equals(s == null ? "" : s.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
