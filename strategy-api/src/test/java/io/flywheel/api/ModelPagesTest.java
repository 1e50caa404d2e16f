package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.model.ParameterTable;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every page of {@code /v1/models} for a model trained as the TrainJob trains (categorical
 * parameters declared {@code c}, Poisson counts) on data where every parameter splits. A models
 * page that dumped the boosters with an all-numeric feature map failed here with "caption_style in
 * feature map is categorical but tree node is numerical" (a 500 to the dashboard).
 */
class ModelPagesTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("models", 1000, 1000);
        TinyModels.trainEverySplit(f.modelDir, 1, 5);
        f.champion.swap(f.loader.load("engagement/v1"));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void everyModelPageServesAModelWhereEveryParameterSplits() throws Exception {
        HttpResponse<String> list = f.get("/v1/models", f.readKey);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode models = Json.MAPPER.readTree(list.body());
        assertThat(models.get("champion").asText()).isEqualTo("1");
        assertThat(models.get("versions")).hasSize(1);
        assertThat(models.get("versions").get(0).get("feature_count").asInt())
                .isEqualTo(ParameterTable.featureNames().size());

        HttpResponse<String> one = f.get("/v1/models/1", f.readKey);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        JsonNode v1 = Json.MAPPER.readTree(one.body());
        List<String> important = new ArrayList<>();
        v1.get("feature_importance").fieldNames().forEachRemaining(important::add);
        assertThat(important).containsAll(ParameterTable.names());
        v1.get("feature_importance").forEach(g -> assertThat(g.asDouble()).isPositive());
        assertThat(v1.get("features")).hasSize(ParameterTable.featureNames().size());

        assertThat(v1.get("plots")).hasSize(1);
        for (JsonNode plot : v1.get("plots")) {
            HttpResponse<byte[]> png =
                    f.http.send(
                            HttpRequest.newBuilder(URI.create(f.url(plot.get("url").asText())))
                                    .header("Authorization", "Bearer " + f.readKey)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.body()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }

        // and the served model scores: /v1/score answers through the same encoder
        String body =
                "{\"candidates\":["
                        + Json.write(
                                TinyModels.randomArm(new java.util.Random(1), "TIKTOK", "cooking")
                                        .parameters())
                        + "]}";
        HttpResponse<String> score =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url("/v1/score")))
                                .header("Authorization", "Bearer " + f.readKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(score.statusCode()).as(score.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(score.body()).get("scores")).hasSize(1);
    }
}
