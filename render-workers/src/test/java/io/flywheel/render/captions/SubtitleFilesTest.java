package io.flywheel.render.captions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.narration.Narration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleFilesTest {
    static final Narration N =
            new Narration(
                    "n.wav",
                    5000,
                    List.of(
                            new Narration.TimedPhrase(
                                    0, "Hello <b>there</b> & --> you", 0, 1234, List.of()),
                            new Narration.TimedPhrase(
                                    0, "line\n\nbreak 你好 🔥", 3_661_001, 3_662_500, List.of())));

    @Test
    void srtHasNumberedCuesAndNewlinesCannotEndACue() {
        String srt = SubtitleFiles.srt(N);
        assertThat(srt)
                .startsWith(
                        "1\n00:00:00,000 --> 00:00:01,234\nHello <b>there</b> & → you\n\n2\n01:01:01,001 --> 01:01:02,500\nline break 你好 🔥\n\n");
    }

    @Test
    void vttEscapesMarkup() {
        String vtt = SubtitleFiles.vtt(N);
        assertThat(vtt)
                .startsWith(
                        "WEBVTT\n\n00:00:00.000 --> 00:00:01.234\nHello &lt;b&gt;there&lt;/b&gt; &amp; --&gt; you\n\n");
        assertThat(vtt).contains("line break 你好 🔥");
    }
}
