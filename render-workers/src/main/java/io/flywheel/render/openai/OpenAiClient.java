package io.flywheel.render.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
import io.flywheel.render.pipeline.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A minimal client of an OpenAI-compatible HTTP API (hosted, or local servers such as Ollama or
 * vLLM). Failures become {@link ProviderException}s with a stable error class: {@code timeout},
 * {@code http_429} and {@code http_5xx} are retryable, other 4xx are not. The key is sent as a
 * bearer token and never logged.
 */
public final class OpenAiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Secret apiKey;
    private final Duration timeout;

    public OpenAiClient(String baseUrl, Secret apiKey, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    public JsonNode postJson(String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = post(path, body);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ProviderException(
                    "bad_response", path + " returned something that is not JSON", true, e);
        }
    }

    public byte[] post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (!apiKey.isEmpty()) {
            b.header("Authorization", "Bearer " + apiKey.reveal());
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(
                    "timeout", path + " did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new ProviderException("io_error", path + ": " + e.getMessage(), true, e);
        }
        int code = r.statusCode();
        if (code >= 200 && code < 300) {
            return r.body();
        }
        String detail = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (detail.length() > 300) {
            detail = detail.substring(0, 300);
        }
        boolean retryable = code == 429 || code >= 500;
        throw new ProviderException(
                "http_" + code, path + " answered " + code + ": " + detail.strip(), retryable);
    }
}
