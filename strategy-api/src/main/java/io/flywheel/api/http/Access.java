package io.flywheel.api.http;

import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.ApiKeys;
import io.flywheel.api.keys.Scope;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call: the API key (header {@code Authorization: Bearer <key>} or {@code X-API-Key}) must
 * exist, be live and have the route's scope (401, 403), and stay within its rate (429 with {@code
 * Retry-After}).
 */
public final class Access {
    public static final String KEY_ATTRIBUTE = "flywheel.key";

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final FailedKeyLimiter failures;

    /**
     * @param maxTrackedAddresses client addresses whose failed key checks are remembered at most
     */
    public Access(ApiKeys keys, RateLimiter limiter, int maxTrackedAddresses) {
        this.keys = keys;
        this.limiter = limiter;
        this.failures = new FailedKeyLimiter(maxTrackedAddresses);
    }

    /** Client addresses the failed-key limiter tracks now. */
    public long trackedFailureAddresses() {
        return failures.trackedAddresses();
    }

    private ApiProblem tooManyFailures() {
        return new ApiProblem(
                429,
                "rate-limited",
                "Too many requests",
                "too many requests with an invalid API key from this address",
                null,
                Map.of("Retry-After", "1"));
    }

    public ApiKey require(Context ctx, Scope scope) {
        String presented = presentedKey(ctx);
        if (presented == null) {
            throw new ApiProblem(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "an API key is required: send Authorization: Bearer <key>",
                    null,
                    Map.of("WWW-Authenticate", "Bearer realm=\"flywheel\""));
        }
        String client = ctx.ip();
        Optional<ApiKey> key = keys.verify(presented);
        if (key.isEmpty()) {
            if (failures.failedAndOverLimit(client)) {
                throw tooManyFailures();
            }
            throw new ApiProblem(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "the API key is unknown or revoked",
                    null,
                    Map.of(
                            "WWW-Authenticate",
                            "Bearer realm=\"flywheel\", error=\"invalid_token\""));
        }
        ApiKey k = key.get();
        if (!k.scope().allows(scope)) {
            throw new ApiProblem(
                    403,
                    "forbidden",
                    "Forbidden",
                    "this route needs scope " + scope.wire() + "; the key has " + k.scope().wire(),
                    null,
                    Map.of());
        }
        RateLimiter.Decision d = limiter.take(k.keyId());
        if (!d.allowed()) {
            throw new ApiProblem(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "the key's rate limit is used up; retry after " + d.retryAfterSeconds() + " s",
                    null,
                    Map.of("Retry-After", Long.toString(d.retryAfterSeconds())));
        }
        ctx.attribute(KEY_ATTRIBUTE, k);
        return k;
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String header = ctx.header("X-API-Key");
        return header == null ? null : header.trim();
    }
}
