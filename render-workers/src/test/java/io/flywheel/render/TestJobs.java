package io.flywheel.render;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Small, fast settings for tests: short videos, small frames, the fastest x264 preset. */
final class TestJobs {
    static final String HOSTILE_TITLE =
            "It's \"fine\": 100% {ok}; [x] \\n %{pts} $(rm -rf /) `id` 'q' — Привет 你好 🔥";
    static final String HOSTILE_SCRIPT =
            "Quotes \" and ' and colons: semicolons; commas, [brackets] {braces} back\\slashes %{n} $HOME.\n"
                    + "Line two\nstill going -> here.\n\n"
                    + "Привет мир, 你好世界, مرحبا بالعالم 🎬🔥 done!";

    private TestJobs() {}

    static FlywheelConfig config(Path dataDir, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("data.dir", dataDir.toString());
        o.put("render.preset", "ultrafast");
        o.put("render.fps", "24");
        o.putAll(extra);
        return ConfigLoader.load(Optional.empty(), Map.of(), o, dataDir);
    }

    static ContentParameters params(
            Platform platform, int seconds, CaptionStyle captions, MusicMood music) {
        return ContentParameters.newBuilder()
                .setPlatform(platform)
                .setNiche("personal-finance")
                .setHookStyle(HookStyle.QUESTION)
                .setPacing(Pacing.FAST)
                .setTargetDurationS(seconds)
                .setVoice("en-us")
                .setMusicMood(music)
                .setCaptionStyle(captions)
                .setVisualStyle(VisualStyle.GRADIENT)
                .setPostingHour(18)
                .build();
    }
}
