package io.flywheel.simulator;

import io.flywheel.schemas.EngagementObserved;

/** An increment of engagement and the simulated time at which the platform reports it. */
public record EngagementReport(long dueAt, EngagementObserved event) {}
