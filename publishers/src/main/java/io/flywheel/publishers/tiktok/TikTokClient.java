package io.flywheel.publishers.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TikTok endpoints the adapter and the poller use: creator info, Direct Post video init
 * (FILE_UPLOAD), chunk upload, post status, and the Display API's video query. Every call carries
 * the user access token; a 401 is retried once with a new token.
 */
public final class TikTokClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What creator_info/query answered that posting needs. */
    public record CreatorInfo(
            String username, List<String> privacyLevelOptions, int maxVideoPostDurationSec) {}

    /** An initialised post: its id and where the file goes. */
    public record Init(String publishId, URI uploadUrl) {}

    /** A post's status from status/fetch. */
    public record PostStatus(
            String status, String failReason, List<String> publicPostIds, long uploadedBytes) {
        public boolean complete() {
            return status.equals("PUBLISH_COMPLETE");
        }

        public boolean failed() {
            return status.equals("FAILED");
        }
    }

    private final HttpClient http;
    private final String base;
    private final TikTokTokens tokens;
    private final Duration timeout;

    public TikTokClient(HttpClient http, String apiUrl, TikTokTokens tokens, Duration timeout) {
        this.http = http;
        this.base = base(apiUrl);
        this.tokens = tokens;
        this.timeout = timeout;
    }

    static String base(String apiUrl) {
        return apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    public CreatorInfo creatorInfo() throws IOException, InterruptedException, TikTokApiException {
        JsonNode d =
                post(
                        "querying the TikTok creator info",
                        "v2/post/publish/creator_info/query/",
                        "{}");
        List<String> options = new ArrayList<>();
        d.path("privacy_level_options").forEach(o -> options.add(o.asText()));
        return new CreatorInfo(
                d.path("creator_username").asText(""),
                options,
                d.path("max_video_post_duration_sec").asInt(0));
    }

    /** Initialises a Direct Post of a local file sent in {@code chunks.count()} chunks. */
    public Init initVideo(String title, String privacyLevel, TikTokChunks chunks)
            throws IOException, InterruptedException, TikTokApiException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode info = body.putObject("post_info");
        info.put("title", title);
        info.put("privacy_level", privacyLevel);
        info.put("disable_duet", false);
        info.put("disable_comment", false);
        info.put("disable_stitch", false);
        ObjectNode source = body.putObject("source_info");
        source.put("source", "FILE_UPLOAD");
        source.put("video_size", chunks.total());
        source.put("chunk_size", chunks.chunkSize());
        source.put("total_chunk_count", chunks.count());
        JsonNode d =
                post(
                        "initialising the TikTok post",
                        "v2/post/publish/video/init/",
                        body.toString());
        String id = d.path("publish_id").asText("");
        String url = d.path("upload_url").asText("");
        if (id.isEmpty() || url.isEmpty()) {
            throw new TikTokApiException(
                    "TikTok initialised the post without a publish_id or upload_url", 200, "no_id");
        }
        return new Init(id, URI.create(url));
    }

    /**
     * PUTs bytes [from, to) of {@code file}. TikTok answers 206 for a chunk and 201 when the whole
     * file is there; an IOException or a 5xx is an interruption the caller resumes from.
     *
     * @return the HTTP status (201 or 206)
     */
    public int putChunk(URI uploadUrl, Path file, long from, long to, long total)
            throws IOException, InterruptedException, TikTokApiException {
        int length = Math.toIntExact(to - from);
        byte[] bytes = new byte[length];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(from);
            f.readFully(bytes);
        }
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(uploadUrl)
                                .timeout(timeout)
                                .header("Content-Type", "video/mp4")
                                .header(
                                        "Content-Range",
                                        "bytes " + from + "-" + (to - 1) + "/" + total)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201 || r.statusCode() == 206) {
            return r.statusCode();
        }
        if (r.statusCode() >= 500) {
            throw new IOException("TikTok answered HTTP " + r.statusCode() + " to a chunk");
        }
        throw TikTokApiException.from("uploading a chunk to TikTok", r.statusCode(), r.body());
    }

    public PostStatus fetchStatus(String publishId)
            throws IOException, InterruptedException, TikTokApiException {
        ObjectNode body = JSON.createObjectNode().put("publish_id", publishId);
        JsonNode d =
                post(
                        "fetching the TikTok post status",
                        "v2/post/publish/status/fetch/",
                        body.toString());
        List<String> ids = new ArrayList<>();
        d.path("publicaly_available_post_id").forEach(i -> ids.add(i.asText()));
        return new PostStatus(
                d.path("status").asText(""),
                d.path("fail_reason").asText(""),
                ids,
                d.path("uploaded_bytes").asLong(0));
    }

    /**
     * The Display API's counts of up to 20 of the user's videos: {@code view_count}, {@code
     * like_count}, {@code comment_count}, {@code share_count}, as views, likes, comments and
     * shares. A video TikTok does not return, or a count it leaves out, is absent (not reported).
     */
    public Map<String, Map<String, Double>> videoCounts(List<String> videoIds)
            throws IOException, InterruptedException, TikTokApiException {
        ObjectNode body = JSON.createObjectNode();
        var ids = body.putObject("filters").putArray("video_ids");
        videoIds.forEach(ids::add);
        JsonNode d =
                post(
                        "querying TikTok videos",
                        "v2/video/query/?fields=id,view_count,like_count,comment_count,share_count",
                        body.toString());
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (JsonNode v : d.path("videos")) {
            Map<String, Double> m = new HashMap<>();
            put(m, "views", v.get("view_count"));
            put(m, "likes", v.get("like_count"));
            put(m, "comments", v.get("comment_count"));
            put(m, "shares", v.get("share_count"));
            out.put(v.path("id").asText(), m);
        }
        return out;
    }

    private static void put(Map<String, Double> m, String metric, JsonNode n) {
        if (n != null && n.isNumber()) {
            m.put(metric, n.asDouble());
        }
    }

    /** POSTs JSON and returns {@code data}; TikTok's {@code error.code} is "ok" on success. */
    private JsonNode post(String what, String path, String json)
            throws IOException, InterruptedException, TikTokApiException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(timeout)
                                    .header("Authorization", "Bearer " + tokens.get())
                                    .header("Content-Type", "application/json; charset=UTF-8")
                                    .POST(HttpRequest.BodyPublishers.ofString(json))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401 && attempt == 0) {
                tokens.invalidate();
                continue;
            }
            JsonNode n = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            String code = n == null ? "" : n.path("error").path("code").asText("ok");
            if (n == null || !code.equals("ok")) {
                throw TikTokApiException.from(what, r.statusCode(), r.body());
            }
            return n.path("data");
        }
    }
}
