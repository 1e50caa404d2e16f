package io.flywheel.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the render workers run and which providers they use.
 *
 * @param concurrency jobs one worker process renders at the same time
 * @param jobTimeoutS a job that runs longer is failed, so one pathological job cannot hold a worker
 * @param maxAttempts attempts per stage and provider before the job fails
 * @param maxRegenerations scripts regenerated after a moderation failure before the job is rejected
 * @param fps frame rate of the renditions
 * @param preset x264 preset of the renditions
 * @param ffmpegPath an ffmpeg executable to use instead of the one shipped in the Maven artifact
 * @param ttsEngine {@code auto} (espeak-ng if installed, else FreeTTS), {@code espeak-ng}, {@code
 *     freetts} or {@code openai}
 * @param openAiBaseUrl base URL of an OpenAI-compatible API (e.g. {@code
 *     http://localhost:11434/v1}); empty keeps every provider offline
 * @param openAiApiKey its key, if it needs one
 * @param chatModel model for script generation
 * @param ttsModel model for narration
 * @param imageModel model for scene images
 * @param providerTimeoutS timeout of one provider request
 * @param mediaLibraryDir a folder of the user's images chosen by keyword match, if any
 * @param musicDir a folder of the user's music chosen by mood, if any
 * @param sessionTimeoutMs the consumer group's session timeout: how soon a dead worker's jobs move
 * @param minFreeBytes a worker takes no job while the media directory has less free space than this
 *     (jobs stay queued), nor while a job fails because the disk is full
 * @param maxCrashes a job whose worker stopped without an outcome this many times (crash, kill, out
 *     of memory) is dead-lettered as {@code REDELIVERED} instead of being rendered again
 * @param jobStatusCheck look up each job's row in PostgreSQL before rendering it, and skip a job
 *     whose row says failed, rejected, rendered or published
 * @param locales the locales each channel (platform) may make videos in, its default first, e.g.
 *     {@code TIKTOK -> [es-ES, en-US]}; a platform not named makes them in {@link #DEFAULT_LOCALE}
 *     only. Recommendations choose a video's locale among its channel's.
 * @param pexelsUrl base URL of the Pexels API
 * @param pexelsApiKey a Pexels API key; empty: no Pexels pictures
 * @param pixabayUrl base URL of the Pixabay API
 * @param pixabayApiKey a Pixabay API key; empty: no Pixabay pictures
 * @param stockMedia what the keyed stock libraries give a scene: {@code photo}, or {@code video} (a
 *     clip, then a photo when no clip is found)
 * @param stockVideoMaxBytes the largest stock clip file downloaded
 * @param stockVideoDeadlineS the longest one stock clip download may take
 */
public record RenderSettings(
        int concurrency,
        int jobTimeoutS,
        int maxAttempts,
        int maxRegenerations,
        int fps,
        String preset,
        Optional<Path> ffmpegPath,
        String ttsEngine,
        String openAiBaseUrl,
        Secret openAiApiKey,
        String chatModel,
        String ttsModel,
        String imageModel,
        int providerTimeoutS,
        Optional<Path> mediaLibraryDir,
        Optional<Path> musicDir,
        int sessionTimeoutMs,
        long minFreeBytes,
        int maxCrashes,
        boolean jobStatusCheck,
        Map<String, List<String>> locales,
        String pexelsUrl,
        Secret pexelsApiKey,
        String pixabayUrl,
        Secret pixabayApiKey,
        String stockMedia,
        long stockVideoMaxBytes,
        int stockVideoDeadlineS) {

    /** The locale of a channel that names none. */
    public static final String DEFAULT_LOCALE = "en-US";

    /** The locales the render workers write, speak and caption in. */
    public static final List<String> SUPPORTED_LOCALES =
            List.of("en-US", "es-ES", "pt-BR", "de-DE", "hi-IN", "ar-SA", "ja-JP");

    public RenderSettings {
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        locales.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        locales = java.util.Collections.unmodifiableMap(copy);
    }

    /** A channel's default locale: the first it may use. */
    public String localeOf(String channel) {
        return localesOf(channel).get(0);
    }

    /** The locales a channel may make videos in, its default first. */
    public List<String> localesOf(String channel) {
        return locales.getOrDefault(channel, List.of(DEFAULT_LOCALE));
    }

    /** Whether scenes take stock clips before stock photos. */
    public boolean stockVideo() {
        return stockMedia.equals("video");
    }

    public boolean openAiConfigured() {
        return !openAiBaseUrl.isBlank();
    }
}
