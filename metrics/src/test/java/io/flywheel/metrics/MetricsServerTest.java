package io.flywheel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheRegistryOnGetMetricsOnlyAndOnTheGivenAddress() throws Exception {
        PrometheusMeterRegistry r = ProcessMetrics.registry();
        Counter.builder("flywheel.test.things").tag("kind", "a").register(r).increment(3);
        try (MetricsServer s = MetricsServer.start("127.0.0.1", 0, "test.port", r)) {
            String base = "http://127.0.0.1:" + s.port();
            HttpResponse<String> ok = get(base + "/metrics", "GET");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type"))
                    .hasValue(MetricsServer.CONTENT_TYPE);
            assertThat(ok.body())
                    .contains("flywheel_test_things_total{kind=\"a\"} 3.0")
                    .contains("jvm_memory_used_bytes");
            assertThat(get(base + "/metrics", "POST").statusCode()).isEqualTo(405);
            assertThat(get(base + "/", "GET").statusCode()).isEqualTo(404);
            assertThat(get(base + "/metrics/x", "GET").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTakenPortNamesTheKeyToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(
                            () ->
                                    MetricsServer.start(
                                            "127.0.0.1",
                                            taken.getLocalPort(),
                                            "metrics.render.port",
                                            ProcessMetrics.registry()))
                    .hasMessageContaining("port is taken; set metrics.render.port");
        }
    }

    private HttpResponse<String> get(String url, String method) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
