package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {
    /** metadata.json as the TrainJob wrote it before the vocabularies became one map. */
    static final String BEFORE_VOCABULARIES =
            """
            {
              "modelName" : "engaged_views-72h",
              "version" : 3,
              "objective" : "engaged_views",
              "features" : [ "platform", "niche", "hook_style", "pacing", "target_duration_s",
                "voice", "music_mood", "caption_style", "visual_style", "video_locale", "posting_hour",
                "posting_hour_sin", "posting_hour_cos" ],
              "niches" : [ "cooking", "fitness" ],
              "voices" : [ "en-gb+f2", "en-us+f3" ],
              "params" : { "eta" : 0.3, "num_round" : 40 },
              "trainingTable" : "/data/lake/gold/video_outcomes",
              "trainingTableVersion" : 7,
              "trainRows" : 800,
              "validationRows" : 200,
              "validationCutoff" : "2026-12-01T00:00:00Z",
              "metrics" : { "rmse" : 98.5 },
              "baselineMetrics" : { "rmse" : 140.25 },
              "championMetrics" : null,
              "featureImportanceGain" : { "hook_style" : 0.75 },
              "createdAt" : "2026-12-06T16:00:00Z"
            }
            """;

    @TempDir Path dir;

    @Test
    void aModelFileWrittenBeforeTheVocabularyMapStillLoads() throws IOException {
        Files.writeString(dir.resolve(ModelMetadata.FILE), BEFORE_VOCABULARIES);

        ModelMetadata m = ModelMetadata.read(dir);

        assertThat(m.vocabularies())
                .isEqualTo(
                        Map.of(
                                "niche", List.of("cooking", "fitness"),
                                "voice", List.of("en-gb+f2", "en-us+f3")));
        assertThat(m.version()).isEqualTo(3);
        assertThat(m.trainRows()).isEqualTo(800);
        float[] x = m.encoder().encode(ParameterTableTest.ARM);
        assertThat(x[1]).as("niche fitness").isEqualTo(1f);
        assertThat(x[5]).as("voice en-us+f3").isEqualTo(1f);
    }

    @Test
    void writtenAndReadBackItIsTheSame() {
        ModelMetadata m = ModelMetadata.read(write());
        m.write(dir);

        assertThat(ModelMetadata.read(dir)).isEqualTo(m);
        assertThat(m.vocabularies()).containsOnlyKeys("niche", "voice");
    }

    @Test
    void aFileWithoutALearnedVocabularyIsRefusedWhenUsed() throws IOException {
        Files.writeString(
                dir.resolve(ModelMetadata.FILE),
                BEFORE_VOCABULARIES.replace("\"voices\" : [ \"en-gb+f2\", \"en-us+f3\" ],", ""));

        assertThatThrownBy(() -> ModelMetadata.read(dir).encoder())
                .hasMessage("no vocabulary for voice");
    }

    private Path write() {
        try {
            Files.writeString(dir.resolve(ModelMetadata.FILE), BEFORE_VOCABULARIES);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }
}
