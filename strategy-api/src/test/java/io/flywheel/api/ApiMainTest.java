package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The process wiring of {@link ApiMain}: config → PostgreSQL (migrated), Kafka, the model store;
 * the champion comes from a ModelPromoted already on the control topic before the API started; CORS
 * answers only for a configured origin.
 */
class ApiMainTest {
    @Test
    void startsFromConfigLoadsThePromotedChampionAndHonoursCorsOrigins() throws Exception {
        Path home = Files.createTempDirectory("flywheel-api-main");
        String db = Ephemeral.database("apimain");
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 3_600_000L);
        int port = FreePorts.pick();
        FlywheelConfig config =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.ofEntries(
                                Map.entry("data.dir", home.resolve("data").toString()),
                                Map.entry("kafka.bootstrap.servers", bootstrap),
                                Map.entry("kafka.embedded", "false"),
                                Map.entry("kafka.topic.prefix", prefix),
                                Map.entry("postgres.host", pg.host()),
                                Map.entry("postgres.port", Integer.toString(pg.port())),
                                Map.entry("postgres.database", db),
                                Map.entry("postgres.user", pg.user()),
                                Map.entry("postgres.password", pg.password().reveal()),
                                Map.entry("postgres.embedded", "false"),
                                Map.entry("api.port", Integer.toString(port)),
                                Map.entry("batch.exploration.share", "0.35"),
                                Map.entry("api.cors.origins", "http://dash.example")),
                        home);
        Path modelDir = config.api().modelDir();
        Path v7 = TinyModels.train(modelDir, 7, 2, 60, 7);
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "api-main-test")) {
            p.send(
                            ModelPromoted.newBuilder()
                                    .setEnvelope(
                                            Envelopes.create(
                                                    ModelPromoted.class,
                                                    "test",
                                                    UUID.randomUUID().toString(),
                                                    System.currentTimeMillis()))
                                    .setModelName("engagement")
                                    .setModelVersion("7")
                                    .setObjective("engaged_views")
                                    .setArtifactUri(v7.toUri().toString())
                                    .setTrainingTableVersion(3)
                                    .build())
                    .get();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (ApiMain api = ApiMain.start(config)) {
            String base = "http://127.0.0.1:" + api.port();
            JsonNode health = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                health =
                        Json.MAPPER.readTree(
                                http.send(
                                                HttpRequest.newBuilder(URI.create(base + "/health"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body());
                if ("7".equals(health.get("checks").get("model").get("champion").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("checks").get("model").get("champion").asText()).isEqualTo("7");

            // What `flywheel keys create --scope read` runs.
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int rc =
                    io.flywheel.api.keys.KeysMain.run(
                            new String[] {"create", "--scope", "read", "--name", "main test"},
                            config,
                            new java.io.PrintStream(out, true),
                            new java.io.PrintStream(err, true));
            assertThat(rc).as(err.toString()).isZero();
            String key = out.toString().trim();
            assertThat(key).matches("fw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
            assertThat(err.toString()).contains("shown only now").doesNotContain(key);
            assertThat(
                            io.flywheel.api.keys.KeysMain.run(
                                    new String[] {"create", "--scope", "root"},
                                    config,
                                    new java.io.PrintStream(out),
                                    new java.io.PrintStream(err)))
                    .isEqualTo(2);
            java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
            io.flywheel.api.keys.KeysMain.run(
                    new String[] {"list"},
                    config,
                    new java.io.PrintStream(listed, true),
                    System.err);
            assertThat(listed.toString()).contains(key.substring(3, 15)).contains("main test");
            HttpResponse<String> allowed =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    base
                                                            + "/v1/recommendations?platform=TIKTOK&niche=cooking&count=3"))
                                    .header("Authorization", "Bearer " + key)
                                    .header("Origin", "http://dash.example")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(allowed.body()).get("model_version").asText())
                    .isEqualTo("7");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("http://dash.example");
            // The exploration share is the configured one unless the request names one.
            assertThat(Json.MAPPER.readTree(allowed.body()).get("exploration_share").asDouble())
                    .isEqualTo(0.35);
            assertThat(Json.MAPPER.readTree(allowed.body()).get("policy_version").asText())
                    .startsWith("thompson2-e0.35@7/");
            JsonNode named =
                    Json.MAPPER.readTree(
                            get(
                                            http,
                                            base,
                                            "/v1/recommendations?platform=TIKTOK&niche=cooking"
                                                    + "&count=3&exploration_share=0.9",
                                            key)
                                    .body());
            assertThat(named.get("exploration_share").asDouble()).isEqualTo(0.9);
            assertThat(
                            get(
                                            http,
                                            base,
                                            "/v1/recommendations?platform=TIKTOK&niche=cooking"
                                                    + "&exploration_share=1.5",
                                            key)
                                    .statusCode())
                    .isEqualTo(400);
            java.io.ByteArrayOutputStream writer = new java.io.ByteArrayOutputStream();
            io.flywheel.api.keys.KeysMain.run(
                    new String[] {"create", "--scope", "write", "--name", "main writer"},
                    config,
                    new java.io.PrintStream(writer, true),
                    System.err);
            HttpResponse<String> brief =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/briefs"))
                                    .header("Authorization", "Bearer " + writer.toString().trim())
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"platform\":\"TIKTOK\",\"niche\":"
                                                            + "\"cooking\",\"count\":2}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(brief.statusCode()).as(brief.body()).isEqualTo(201);
            assertThat(Json.MAPPER.readTree(brief.body()).get("exploration_share").asDouble())
                    .isEqualTo(0.35);
            HttpResponse<String> other =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/videos"))
                                    .header("Authorization", "Bearer " + key)
                                    .header("Origin", "http://evil.example")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        assertThat(FreePorts.listening("127.0.0.1", port)).as("stopped").isFalse();
    }

    private static HttpResponse<String> get(HttpClient http, String base, String path, String key)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
