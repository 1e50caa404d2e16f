package io.flywheel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The few strategy-API calls the demo makes, as a growth team's script would make them. */
final class StrategyApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;
    private final String locale;

    StrategyApiClient(String base, String key) {
        this(base, key, null);
    }

    /**
     * @param locale the language every brief names (e.g. {@code es-ES}); null: none, each video in
     *     a locale its channel uses
     */
    StrategyApiClient(String base, String key, String locale) {
        this.base = base;
        this.key = key;
        this.locale = locale;
    }

    /** How long a brief is retried while the API or its Kafka or PostgreSQL is away. */
    static final Duration BRIEF_RETRY_FOR = Duration.ofMinutes(3);

    /**
     * {@code POST /v1/briefs}: the API's policy picks the arms; returns the jobs it created. Sent
     * with an {@code Idempotency-Key} derived from the brief's seed, and retried with backoff on a
     * 503, a 409 (the first try still running) or a lost connection: the API answers a repeated key
     * with the same brief, so a retry never makes a second set of jobs.
     */
    List<UUID> createBrief(
            Platform platform,
            String niche,
            int count,
            double explorationShare,
            long seed,
            RenditionSpec rendition)
            throws IOException, InterruptedException {
        String idempotencyKey =
                UUID.nameUUIDFromBytes(
                                (key.hashCode() + "/" + platform + "/" + niche + "/" + seed)
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString();
        long deadline = System.nanoTime() + BRIEF_RETRY_FOR.toNanos();
        long backoffMs = 1000;
        while (true) {
            try {
                return postBrief(
                        platform, niche, count, explorationShare, seed, rendition, idempotencyKey);
            } catch (Retryable e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            e.getMessage() + " (retried for " + BRIEF_RETRY_FOR + ")");
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(10_000, backoffMs * 2);
            }
        }
    }

    /** A failure worth retrying with the same idempotency key. */
    private static final class Retryable extends IOException {
        Retryable(String message) {
            super(message);
        }
    }

    private List<UUID> postBrief(
            Platform platform,
            String niche,
            int count,
            double explorationShare,
            long seed,
            RenditionSpec rendition,
            String idempotencyKey)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", platform.name());
        body.put("niche", niche);
        body.put("count", count);
        body.put("exploration_share", explorationShare);
        body.put("seed", seed);
        if (locale != null) {
            body.put("locale", locale);
        }
        body.put(
                "renditions",
                List.of(
                        Map.of(
                                "label", rendition.getLabel(),
                                "width", rendition.getWidth(),
                                "height", rendition.getHeight())));
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + "/v1/briefs"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            throw new Retryable("POST /v1/briefs: " + e);
        }
        if (r.statusCode() == 503 || r.statusCode() == 409) {
            // 503: a dependency is away; 409: the first try with this key is still running.
            throw new Retryable(
                    "POST /v1/briefs answered " + r.statusCode() + ": " + problem(r.body()));
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IOException(
                    "POST /v1/briefs answered " + r.statusCode() + ": " + problem(r.body()));
        }
        List<UUID> jobs = new ArrayList<>();
        for (JsonNode j : JSON.readTree(r.body()).get("jobs")) {
            jobs.add(UUID.fromString(j.get("job_id").asText()));
        }
        return jobs;
    }

    /** The champion version the API scores with, from {@code /health}; empty at cold start. */
    Optional<String> champion() throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode champion = JSON.readTree(r.body()).path("checks").path("model").path("champion");
        return champion.isMissingNode() || champion.isNull()
                ? Optional.empty()
                : Optional.of(champion.asText());
    }

    private static String problem(String body) {
        try {
            JsonNode p = JSON.readTree(body);
            return p.path("detail").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
