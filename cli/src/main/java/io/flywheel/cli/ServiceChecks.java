package io.flywheel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.embedded.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * Health as each engine reports it, not "the port listens": a consumer group with the process among
 * its members, the Flink jobs RUNNING by Flink's REST API, an HTTP health endpoint answering 200.
 */
final class ServiceChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private ServiceChecks() {}

    /** {@code GET url} answers 200; otherwise its status and the start of its body. */
    static Health http(String url) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return Health.ok("answers");
            }
            String body = r.body().replaceAll("\\s+", " ");
            return Health.failing(
                    "GET "
                            + URI.create(url).getPath()
                            + " answered "
                            + r.statusCode()
                            + (body.isBlank()
                                    ? ""
                                    : ": " + body.substring(0, Math.min(200, body.length()))));
        } catch (Exception e) {
            return Health.failing("not answering (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Every named job is RUNNING according to Flink's REST API ({@code /jobs/overview}). */
    static Health flinkJobs(String restBase, List<String> names) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(restBase + "/jobs/overview"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Health.failing("Flink REST /jobs/overview answered " + r.statusCode());
            }
            return flinkJobs(JSON.readTree(r.body()), names);
        } catch (Exception e) {
            return Health.failing(
                    "Flink REST not answering (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The verdict on a {@code /jobs/overview} answer: the newest job of each name must run. */
    static Health flinkJobs(JsonNode overview, List<String> names) {
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            JsonNode newest = null;
            for (JsonNode j : overview.path("jobs")) {
                if (name.equals(j.path("name").asText())
                        && (newest == null
                                || j.path("start-time").asLong()
                                        > newest.path("start-time").asLong())) {
                    newest = j;
                }
            }
            if (newest == null) {
                problems.add(name + " not submitted");
            } else if (!"RUNNING".equals(newest.path("state").asText())) {
                problems.add(name + " " + newest.path("state").asText());
            }
        }
        return problems.isEmpty()
                ? Health.ok(names.size() + " jobs RUNNING")
                : Health.failing(String.join(", ", problems));
    }

    /**
     * The group has a member whose client id starts with {@code clientPrefix} (any member when it
     * is empty): the process has joined and consumes.
     */
    static Health consumerGroup(String bootstrap, String group, String clientPrefix) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "flywheel-health");
        try (Admin admin = Admin.create(p)) {
            Map<String, ConsumerGroupDescription> d =
                    admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS);
            ConsumerGroupDescription g = d.get(group);
            long mine =
                    g == null
                            ? 0
                            : g.members().stream()
                                    .map(MemberDescription::clientId)
                                    .filter(id -> id.startsWith(clientPrefix))
                                    .count();
            return mine > 0
                    ? Health.ok("in consumer group " + group + " (" + mine + " consumers)")
                    : Health.failing("not (yet) in consumer group " + group);
        } catch (Exception e) {
            return Health.failing(
                    "cannot describe consumer group "
                            + group
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }

    /** A one-line note a process left in the run directory (e.g. which ffmpeg it uses), if any. */
    static String note(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (Exception e) {
            return "";
        }
    }
}
