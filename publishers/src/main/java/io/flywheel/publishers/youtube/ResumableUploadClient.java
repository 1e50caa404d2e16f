package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The resumable upload protocol of the YouTube Data API v3, one HTTP exchange per method: start a
 * session, send one chunk, ask how far a session got. Retrying and persisting progress is the
 * caller's job ({@link YouTubePlatform}).
 *
 * <p>Protocol (developers.google.com/youtube/v3/guides/using_resumable_upload_protocol): a POST to
 * {@code /videos?uploadType=resumable&part=...} with the video resource as JSON and {@code
 * X-Upload-Content-Length}/{@code X-Upload-Content-Type} answers 200 with the session URI in {@code
 * Location}. Each PUT of a chunk carries {@code Content-Range: bytes first-last/total}; the server
 * answers 308 with {@code Range: bytes=0-N} (no {@code Range} if it has nothing yet) while
 * incomplete, and 200/201 with the video resource when the last byte arrived. An empty PUT with
 * {@code Content-Range: bytes *}{@code /total} asks for the status. 404/410: the session is gone.
 */
public final class ResumableUploadClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a session stands. */
    public sealed interface SessionStatus {
        /** The whole file arrived; {@code video} is the created video resource. */
        record Complete(JsonNode video) implements SessionStatus {
            public String videoId() {
                return video.path("id").asText();
            }
        }

        /** The server holds bytes [0, confirmed). */
        record Incomplete(long confirmed) implements SessionStatus {}

        /** The session expired or is unknown: start a new one. */
        record Gone(int status) implements SessionStatus {}
    }

    /** A 5xx answer: the protocol says to query the status and resume. */
    public static final class ServerError extends IOException {
        public ServerError(int status) {
            super("upload server answered HTTP " + status);
        }
    }

    private final String uploadBase;
    private final AuthorizedSender sender;

    public ResumableUploadClient(
            HttpClient http, String uploadBase, AccessTokens tokens, Duration timeout) {
        this.uploadBase = uploadBase.endsWith("/") ? uploadBase : uploadBase + "/";
        this.sender = new AuthorizedSender(http, tokens, timeout);
    }

    /** Starts a session for {@code total} bytes with {@code videoResource} as metadata. */
    public URI start(String videoResource, long total, String contentType)
            throws IOException, InterruptedException, YouTubeApiException {
        URI uri = URI.create(uploadBase + "videos?uploadType=resumable&part=snippet,status");
        HttpResponse<String> r =
                sender.send(
                        () ->
                                HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json; charset=UTF-8")
                                        .header("X-Upload-Content-Length", Long.toString(total))
                                        .header("X-Upload-Content-Type", contentType)
                                        .POST(HttpRequest.BodyPublishers.ofString(videoResource)));
        if (r.statusCode() >= 500) {
            throw new ServerError(r.statusCode());
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw YouTubeApiException.from("starting a resumable upload", r.statusCode(), r.body());
        }
        String location = r.headers().firstValue("Location").orElse("");
        if (location.isEmpty()) {
            throw new YouTubeApiException(
                    "starting a resumable upload: no Location header in the answer",
                    r.statusCode(),
                    "no_location");
        }
        return uri.resolve(location);
    }

    /** Sends bytes [offset, offset + length) of {@code file} to the session. */
    public SessionStatus sendChunk(URI session, Path file, long offset, int length, long total)
            throws IOException, InterruptedException, YouTubeApiException {
        byte[] chunk = new byte[length];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(chunk);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException("the file shrank while uploading");
                }
            }
        }
        String range = "bytes " + offset + "-" + (offset + length - 1) + "/" + total;
        return answer(
                sender.send(
                        () ->
                                HttpRequest.newBuilder(session)
                                        .header("Content-Type", "video/mp4")
                                        .header("Content-Range", range)
                                        .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))),
                "uploading a chunk");
    }

    /** Asks how many bytes of the session the server has (or whether it completed). */
    public SessionStatus status(URI session, long total)
            throws IOException, InterruptedException, YouTubeApiException {
        return answer(
                sender.send(
                        () ->
                                HttpRequest.newBuilder(session)
                                        .header("Content-Range", "bytes */" + total)
                                        .PUT(HttpRequest.BodyPublishers.noBody())),
                "asking for the upload status");
    }

    private static SessionStatus answer(HttpResponse<String> r, String what)
            throws IOException, YouTubeApiException {
        int s = r.statusCode();
        if (s == 200 || s == 201) {
            return new SessionStatus.Complete(JSON.readTree(r.body()));
        }
        if (s == 308) {
            return new SessionStatus.Incomplete(
                    r.headers()
                            .firstValue("Range")
                            .map(ResumableUploadClient::confirmed)
                            .orElse(0L));
        }
        if (s == 404 || s == 410) {
            return new SessionStatus.Gone(s);
        }
        if (s >= 500) {
            throw new ServerError(s);
        }
        throw YouTubeApiException.from(what, s, r.body());
    }

    /** {@code bytes=0-N} → N + 1, the number of bytes the server holds. */
    static long confirmed(String range) {
        String v = range.trim();
        int dash = v.lastIndexOf('-');
        if (!v.startsWith("bytes=0-") || dash < 0) {
            throw new IllegalArgumentException("unexpected Range header: " + range);
        }
        return Long.parseLong(v.substring(dash + 1).trim()) + 1;
    }
}
