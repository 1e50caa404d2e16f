package io.flywheel.simulator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The simulated audience's Prometheus meters: engagement events sent, dead letters, and videos
 * whose audience is still being simulated, labelled with the world that simulates them.
 */
final class AudienceMetrics {
    private AudienceMetrics() {}

    static void bind(MeterRegistry registry, AudienceService service, String world) {
        FunctionCounter.builder(
                        "flywheel.audience.engagement.events", service, AudienceService::sent)
                .description("simulated EngagementObserved increments sent")
                .tag("world", world)
                .register(registry);
        FunctionCounter.builder(
                        "flywheel.audience.dead.letters", service, AudienceService::deadLetters)
                .description("publish events the audience could not use, sent to the DLQ")
                .tag("world", world)
                .register(registry);
    }
}
