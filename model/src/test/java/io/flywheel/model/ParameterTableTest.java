package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterTableTest {
    static final Arm ARM =
            new Arm(
                    "TIKTOK",
                    "fitness",
                    "POV",
                    "FAST",
                    30,
                    "en-us+f3",
                    "UPBEAT",
                    "WORD_HIGHLIGHT",
                    "BOLD",
                    "ES_ES",
                    18);

    @Test
    void featuresAndTheirTypesComeFromTheTable() {
        assertThat(ParameterTable.featureNames())
                .containsExactly(
                        "platform",
                        "niche",
                        "hook_style",
                        "pacing",
                        "target_duration_s",
                        "voice",
                        "music_mood",
                        "caption_style",
                        "visual_style",
                        "video_locale",
                        "posting_hour",
                        "posting_hour_sin",
                        "posting_hour_cos");
        assertThat(ParameterTable.trainingTypes())
                .containsExactly("c", "c", "c", "c", "q", "c", "c", "c", "c", "c", "q", "q", "q");
        assertThat(FeatureMap.text())
                .isEqualTo(
                        "0\tplatform\tc\n1\tniche\tc\n2\thook_style\tc\n3\tpacing\tc\n"
                                + "4\ttarget_duration_s\tint\n5\tvoice\tc\n6\tmusic_mood\tc\n"
                                + "7\tcaption_style\tc\n8\tvisual_style\tc\n9\tvideo_locale\tc\n"
                                + "10\tposting_hour\tint\n"
                                + "11\tposting_hour_sin\tq\n12\tposting_hour_cos\tq\n");
    }

    @Test
    void theSpaceIsTheWorldsSpace() {
        assertThat(ParameterTable.get("voice").values())
                .containsExactly("en-us+f3", "en-us+m3", "en-gb+f2", "en-us+m7");
        assertThat(ParameterTable.get("target_duration_s").values())
                .containsExactly("15", "30", "45", "60");
        // hooks 6 × pacings 3 × durations 4 × voices 4 × moods 5 × captions 3 × visuals 5 ×
        // 1 language (a channel's setting offers more) × 24 h
        assertThat(ParameterSpace.DEFAULT.armsPerSegment()).isEqualTo(518_400L);
        assertThat(ParameterTable.get("video_locale").values()).containsExactly("EN_US");
        assertThat(ParameterTable.get("video_locale").vocabulary())
                .containsExactly(
                        "UNKNOWN", "EN_US", "ES_ES", "PT_BR", "DE_DE", "HI_IN", "AR_SA", "JA_JP");
    }

    @Test
    void armKeyAndAvroAreDerived() {
        assertThat(ARM.armKey())
                .isEqualTo(
                        "TIKTOK|fitness|POV|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|ES_ES|18");
        assertThat(Arm.ofKey(ARM.armKey())).isEqualTo(ARM);
        assertThat(Arm.fromAvro(ARM.toAvro())).isEqualTo(ARM);
        assertThat(ARM.segment()).isEqualTo("TIKTOK/fitness");
        assertThat(Arm.segmentOf(ARM.toAvro())).isEqualTo("TIKTOK/fitness");
        assertThat(ARM.content())
                .containsExactly(
                        "POV",
                        "FAST",
                        "30",
                        "en-us+f3",
                        "UPBEAT",
                        "WORD_HIGHLIGHT",
                        "BOLD",
                        "ES_ES");
        assertThat(Arm.of("TIKTOK", "fitness", ARM.content(), 18)).isEqualTo(ARM);
        assertThat(ARM.with(ParameterTable.get("posting_hour"), 7).postingHour()).isEqualTo(7);
    }

    @Test
    void inputIsCheckedAgainstTheTable() {
        Map<String, Object> in = new java.util.LinkedHashMap<>(ARM.parameters());
        assertThat(ArmInput.read(in).arm()).isEqualTo(ARM);
        in.put("caption_style", "UNKNOWN");
        in.put("posting_hour", 24);
        in.put("voice", 3);
        in.put("colour", "red");
        assertThat(ArmInput.read(in).problems())
                .containsExactly(
                        new ArmInput.Problem("colour", "is not a content parameter"),
                        new ArmInput.Problem("voice", "must be a string"),
                        new ArmInput.Problem(
                                "caption_style", "must be one of [NONE, SENTENCE, WORD_HIGHLIGHT]"),
                        new ArmInput.Problem("posting_hour", "must be between 0 and 23"));
    }

    @Test
    void theEncoderGivesLiteralNumbers() {
        FeatureEncoder e =
                new FeatureEncoder(
                        Map.of(
                                "niche",
                                List.of("cooking", "fitness"),
                                "voice",
                                List.of("en-us+f3")));
        float[] x = e.encode(ARM);
        // TIKTOK is the Platform enum's symbol 2 (UNKNOWN is 0), fitness the second niche, ES_ES
        // the VideoLocale enum's symbol 2.
        assertThat(x).startsWith(2f, 1f, 6f, 3f, 30f, 0f, 2f, 3f, 2f, 2f, 18f);
        assertThat(x[4]).isEqualTo(30f);
        assertThat(x[5]).isEqualTo(0f);
        assertThat(x[10]).isEqualTo(18f);
        assertThat(x[11]).isEqualTo((float) Math.sin(18 * (2 * Math.PI / 24)));
        assertThat(x[12]).isEqualTo((float) Math.cos(18 * (2 * Math.PI / 24)));
        Arm unseen = ARM.with(ParameterTable.get("niche"), "travel");
        assertThat(e.encode(unseen)[1]).isEqualTo(-1f);
    }
}
