package io.flywheel.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * The Kafka topics of Flywheel. The full name is the configured prefix (default {@code flywheel.})
 * followed by {@link #suffix()}, so one cluster can hold several isolated Flywheels.
 */
public enum Topic {
    CONTENT_REQUESTS("content.requests"),
    RENDER_EVENTS("render.events"),
    PUBLISH_EVENTS("publish.events"),
    ENGAGEMENT_EVENTS("engagement.events"),
    CONTROL("control"),
    DLQ("dlq");

    private final String suffix;

    Topic(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public String name(String prefix) {
        return prefix + suffix;
    }

    public static List<String> allNames(String prefix) {
        return Arrays.stream(values()).map(t -> t.name(prefix)).toList();
    }
}
