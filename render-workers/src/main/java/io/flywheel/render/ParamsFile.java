package io.flywheel.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VisualStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A parameters file for {@code flywheel render}: JSON with the content parameters' field names from
 * the Avro schema ({@code platform}, {@code niche}, {@code hook_style}, {@code pacing}, {@code
 * target_duration_s}, {@code voice}, {@code music_mood}, {@code caption_style}, {@code
 * visual_style}, {@code posting_hour}), plus optional {@code title}, {@code script} and {@code
 * renditions} ([{label, width, height}]). Unknown fields are an error, so a typo is never ignored.
 */
public final class ParamsFile {
    private static final Set<String> KNOWN =
            Set.of(
                    "platform",
                    "niche",
                    "hook_style",
                    "pacing",
                    "target_duration_s",
                    "voice",
                    "music_mood",
                    "caption_style",
                    "visual_style",
                    "posting_hour",
                    "title",
                    "script",
                    "renditions");

    private ParamsFile() {}

    public static RenderJob read(Path file, boolean preview) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(
                        "unknown field '"
                                + f
                                + "' in "
                                + file
                                + "; known: "
                                + new java.util.TreeSet<>(KNOWN));
            }
        }
        ContentParameters p =
                ContentParameters.newBuilder()
                        .setPlatform(enumOf(Platform.class, n, "platform", "YOUTUBE_SHORTS"))
                        .setNiche(n.path("niche").asText("personal-finance"))
                        .setHookStyle(enumOf(HookStyle.class, n, "hook_style", "QUESTION"))
                        .setPacing(enumOf(Pacing.class, n, "pacing", "MEDIUM"))
                        .setTargetDurationS(n.path("target_duration_s").asInt(30))
                        .setVoice(n.path("voice").asText("en-us"))
                        .setMusicMood(enumOf(MusicMood.class, n, "music_mood", "CALM"))
                        .setCaptionStyle(
                                enumOf(CaptionStyle.class, n, "caption_style", "WORD_HIGHLIGHT"))
                        .setVisualStyle(enumOf(VisualStyle.class, n, "visual_style", "GRADIENT"))
                        .setPostingHour(n.path("posting_hour").asInt(18))
                        .build();
        if (p.getTargetDurationS() < 5 || p.getTargetDurationS() > 180) {
            throw new IllegalArgumentException("target_duration_s must be 5-180");
        }
        List<RenditionSpec> renditions = new ArrayList<>();
        for (JsonNode r : n.path("renditions")) {
            int w = r.path("width").asInt();
            int h = r.path("height").asInt();
            if (w < 16 || h < 16 || w > 4096 || h > 4096 || w % 2 != 0 || h % 2 != 0) {
                throw new IllegalArgumentException(
                        "renditions need even width and height in 16-4096");
            }
            renditions.add(new RenditionSpec(r.path("label").asText(w + "x" + h), w, h));
        }
        return new RenderJob(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                p,
                text(n, "title"),
                text(n, "script"),
                renditions,
                preview);
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) && !n.path(field).asText().isBlank()
                ? Optional.of(n.path(field).asText())
                : Optional.empty();
    }

    private static <E extends Enum<E>> E enumOf(
            Class<E> type, JsonNode n, String field, String dflt) {
        String v = n.path(field).asText(dflt).toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field
                            + " must be one of "
                            + java.util.Arrays.toString(type.getEnumConstants())
                            + ", not '"
                            + n.path(field).asText()
                            + "'");
        }
    }
}
