package io.flywheel.render.worker;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VisualStyle;
import java.util.List;
import java.util.UUID;

/** ContentRequested events for tests: short and small. */
public final class Requests {
    private Requests() {}

    public static ContentRequested of(
            String niche, int seconds, String title, List<RenditionSpec> renditions) {
        return ContentRequested.newBuilder()
                .setEnvelope(
                        Envelopes.create(
                                ContentRequested.class,
                                "test",
                                UUID.randomUUID().toString(),
                                System.currentTimeMillis()))
                .setJobId(UUID.randomUUID().toString())
                .setParameters(
                        ContentParameters.newBuilder()
                                .setPlatform(Platform.TIKTOK)
                                .setNiche(niche)
                                .setHookStyle(HookStyle.BOLD_CLAIM)
                                .setPacing(Pacing.FAST)
                                .setTargetDurationS(seconds)
                                .setVoice("en-us+f3")
                                .setMusicMood(MusicMood.UPBEAT)
                                .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                                .setVisualStyle(VisualStyle.BOLD)
                                .setPostingHour(9)
                                .build())
                .setTitle(title)
                .setRenditions(renditions)
                .setPolicyVersion("manual")
                .setSelectionProbability(1.0)
                .build();
    }
}
