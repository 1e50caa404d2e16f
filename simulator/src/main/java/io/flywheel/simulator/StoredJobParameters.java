package io.flywheel.simulator;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import io.flywheel.store.ContentJob;
import io.flywheel.store.ContentJobStore;
import java.util.Optional;
import java.util.UUID;

/** A job's parameters from the content_jobs table. */
public final class StoredJobParameters implements JobParameters {
    private final ContentJobStore jobs;

    public StoredJobParameters(ContentJobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public Optional<ContentParameters> find(String jobId) {
        return jobs.find(UUID.fromString(jobId)).map(StoredJobParameters::parameters);
    }

    static ContentParameters parameters(ContentJob j) {
        return ContentParameters.newBuilder()
                .setPlatform(Platform.valueOf(j.platform()))
                .setNiche(j.niche())
                .setHookStyle(HookStyle.valueOf(j.hookStyle()))
                .setPacing(Pacing.valueOf(j.pacing()))
                .setTargetDurationS(j.targetDurationS())
                .setVoice(j.voice())
                .setMusicMood(MusicMood.valueOf(j.musicMood()))
                .setCaptionStyle(CaptionStyle.valueOf(j.captionStyle()))
                .setVisualStyle(VisualStyle.valueOf(j.visualStyle()))
                .setPostingHour(j.postingHour())
                .build();
    }
}
