package io.flywheel.streaming.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether Flink's Prometheus reporter really serves: Flink itself only logs one that failed. */
public final class MetricsCheck {
    private MetricsCheck() {}

    public static void requireServing(String host, int port) {
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try {
            HttpResponse<Void> r =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url + "/metrics"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
            throw new IllegalStateException(
                    url + "/metrics answered " + r.statusCode() + " instead of Flink's metrics");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "Flink's metrics are not served on "
                            + url
                            + " ("
                            + e
                            + "): is metrics.streaming.port taken? See the log above",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + url, e);
        }
    }
}
