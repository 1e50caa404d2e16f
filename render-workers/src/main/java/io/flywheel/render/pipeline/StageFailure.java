package io.flywheel.render.pipeline;

/**
 * What one failed attempt of a stage reports: how long it ran, what it cost, why it failed and
 * whether it will be tried again.
 */
public record StageFailure(
        long latencyMs, long costMicroUsd, String errorClass, String message, boolean retryable) {}
