package io.flywheel.render.pipeline;

import io.flywheel.render.media.ProcessRunner;
import io.flywheel.schemas.Stage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one stage with one provider: emits {@code StageStarted}, then {@code StageCompleted} or
 * {@code StageFailed} for every attempt, retries retryable failures with backoff, and respects the
 * provider's circuit breaker (resilience4j's retry and circuit breaker, set up by {@link
 * StageRetries} and {@link StageBreakers}). After the last attempt it throws {@link
 * StageFailedException}.
 */
public final class StageRunner {
    /** One attempt of a provider; returns its result and what it cost. */
    @FunctionalInterface
    public interface Call<T> {
        Costed<T> call(int attempt) throws Exception;
    }

    public record Costed<T>(T value, long costMicroUsd) {
        public static <T> Costed<T> free(T value) {
            return new Costed<>(value, 0);
        }
    }

    private final RenderEvents events;
    private final Retry retry;

    /**
     * @param retry how often and after which pause a failed attempt is tried again ({@link
     *     StageRetries})
     */
    public StageRunner(RenderEvents events, RetryConfig retry) {
        this.events = events;
        this.retry = Retry.of("render-stage", retry);
    }

    /**
     * @param breaker the provider's circuit breaker, or null for local work
     */
    public <T> T run(Stage stage, String provider, CircuitBreaker breaker, Call<T> call) {
        Retry.Context<T> retries = retry.context();
        int maxAttempts = retry.getRetryConfig().getMaxAttempts();
        ProviderException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            events.started(stage, provider, attempt);
            if (breaker != null && !breaker.tryAcquirePermission()) {
                String msg = provider + " failed repeatedly; its circuit breaker is open";
                events.failed(
                        stage,
                        provider,
                        attempt,
                        new StageFailure(0, 0, "circuit_open", msg, false));
                throw new StageFailedException(stage, "circuit_open", msg, last);
            }
            long t0 = System.nanoTime();
            try {
                Costed<T> out = call.call(attempt);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (breaker != null) {
                    breaker.onSuccess(ms, TimeUnit.MILLISECONDS);
                }
                events.completed(stage, provider, attempt, ms, out.costMicroUsd());
                retries.onComplete();
                return out.value();
            } catch (Exception e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (Thread.currentThread().isInterrupted() || e instanceof InterruptedException) {
                    if (breaker != null) {
                        breaker.releasePermission();
                    }
                    events.failed(
                            stage,
                            provider,
                            attempt,
                            new StageFailure(ms, 0, "interrupted", "job stopped", false));
                    Thread.currentThread().interrupt();
                    throw new StageFailedException(stage, "interrupted", "job stopped", e);
                }
                ProviderException p = classify(e);
                if (breaker != null) {
                    breaker.onError(ms, TimeUnit.MILLISECONDS, p);
                }
                boolean again = p.retryable() && attempt < maxAttempts;
                events.failed(
                        stage,
                        provider,
                        attempt,
                        new StageFailure(
                                ms, 0, p.errorClass(), String.valueOf(p.getMessage()), again));
                last = p;
                if (!again) {
                    break;
                }
                waitBeforeRetry(retries, p);
            }
        }
        throw new StageFailedException(
                stage,
                last == null ? "no_attempt" : last.errorClass(),
                last == null ? "no attempt was made" : String.valueOf(last.getMessage()),
                last);
    }

    /** resilience4j sleeps for the backoff; an interrupt during the sleep stops the job. */
    private static void waitBeforeRetry(Retry.Context<?> retries, ProviderException failure) {
        try {
            retries.onError(failure);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StageFailedException(Stage.UNKNOWN, "interrupted", "job stopped", e);
            }
            throw new IllegalStateException("retry refused a retryable failure", e);
        }
    }

    /** Gives any failure a stable error class and says whether retrying can help. */
    static ProviderException classify(Exception e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof ProcessRunner.ProcessTimeoutException
                || e instanceof HttpTimeoutException) {
            return new ProviderException("timeout", e.getMessage(), true, e);
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return new ProviderException("io_error", e.getMessage(), true, e);
        }
        if (e instanceof IllegalArgumentException) {
            return new ProviderException("invalid_input", e.getMessage(), false, e);
        }
        String name =
                e.getClass()
                        .getSimpleName()
                        .replaceAll("([a-z])([A-Z])", "$1_$2")
                        .toLowerCase(Locale.ROOT);
        return new ProviderException(name, e.getMessage(), true, e);
    }
}
