package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.model.Arm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamsFileTest {
    @TempDir Path dir;

    @Test
    void readsEveryParameterByItsTableNameAndDefaultsTheRest() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(
                f,
                "{\"platform\": \"tiktok\", \"niche\": \"fitness\", \"hook_style\": \"pov\","
                        + " \"target_duration_s\": 45, \"caption_style\": \"sentence\","
                        + " \"posting_hour\": 7, \"title\": \"Legs\"}");

        RenderJob job = ParamsFile.read(f, true);

        assertThat(Arm.fromAvro(job.parameters()))
                .isEqualTo(
                        Arm.of(
                                List.of(
                                        "TIKTOK",
                                        "fitness",
                                        "POV",
                                        "MEDIUM",
                                        45,
                                        "en-us",
                                        "CALM",
                                        "SENTENCE",
                                        "GRADIENT",
                                        "EN_US",
                                        7)));
        assertThat(job.title()).contains("Legs");
    }

    @Test
    void anEmptyFileTakesTheDefaults() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{}");

        assertThat(Arm.fromAvro(ParamsFile.read(f, true).parameters()))
                .isEqualTo(ParamsFile.DEFAULTS);
    }

    @Test
    void badValuesAndUnknownFieldsSayWhich() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{\"music_mood\": \"grumpy\"}");
        assertThatThrownBy(() -> ParamsFile.read(f, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "music_mood must be one of [UNKNOWN, NONE, UPBEAT, CALM, DRAMATIC, LOFI],"
                                + " not 'grumpy'");

        Files.writeString(f, "{\"target_duration_s\": 2}");
        assertThatThrownBy(() -> ParamsFile.read(f, true))
                .hasMessage("target_duration_s must be between 5 and 180");

        Files.writeString(f, "{\"hook\": \"POV\"}");
        assertThatThrownBy(() -> ParamsFile.read(f, true))
                .hasMessageStartingWith("unknown field 'hook'");
    }
}
