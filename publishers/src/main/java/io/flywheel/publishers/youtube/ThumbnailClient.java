package io.flywheel.publishers.youtube;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Data API v3 {@code thumbnails.set}: uploads an image as a video's custom thumbnail (a media
 * upload, JPEG or PNG, at most 2 MB; 50 quota units).
 */
public final class ThumbnailClient {
    /** The API's limit on a custom thumbnail. */
    public static final long MAX_BYTES = 2L * 1024 * 1024;

    private final String uploadBase;
    private final AuthorizedSender sender;

    /**
     * @param uploadBase the upload endpoint's base, e.g. {@code
     *     https://www.googleapis.com/upload/youtube/v3}
     */
    public ThumbnailClient(
            HttpClient http, String uploadBase, AccessTokens tokens, Duration timeout) {
        this.uploadBase = uploadBase.endsWith("/") ? uploadBase : uploadBase + "/";
        this.sender = new AuthorizedSender(http, tokens, timeout);
    }

    /**
     * Sets {@code image} as the thumbnail of {@code videoId}.
     *
     * @throws YouTubeApiException for an error answer (a 401 is retried once with a new token)
     */
    public void set(String videoId, Path image)
            throws IOException, InterruptedException, YouTubeApiException {
        long size = Files.size(image);
        if (size == 0 || size > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a YouTube thumbnail must be 1 byte to 2 MB, " + image + " is " + size);
        }
        String name = image.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
        URI uri =
                URI.create(
                        uploadBase
                                + "thumbnails/set?uploadType=media&videoId="
                                + URLEncoder.encode(videoId, StandardCharsets.UTF_8));
        sender.expectOk(
                "setting the thumbnail of " + videoId,
                () ->
                        HttpRequest.newBuilder(uri)
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofFile(image)));
    }
}
