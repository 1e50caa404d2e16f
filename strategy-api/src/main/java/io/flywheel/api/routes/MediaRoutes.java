package io.flywheel.api.routes;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.videos.MediaFiles;
import io.flywheel.api.videos.RequestedRange;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.ByteRange;

/**
 * {@code GET /v1/media/<path>}: a file below the media directory (or the bucket's {@code media/}),
 * with range requests. Opened by an API key with scope read, or by a signed link from a video's
 * answer (for the browser's video and image elements).
 */
public final class MediaRoutes implements RouteGroup {
    private final Dependencies d;

    public MediaRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        // No scope here: a signed link stands in for the key.
        routes.get("/v1/media/<path>", null, this::media);
    }

    private void media(Context ctx) throws IOException {
        String rel = ctx.pathParam("path");
        boolean signed =
                d.mediaLinks().valid(rel, Params.single(ctx, "expires"), Params.single(ctx, "sig"));
        if (!signed) {
            d.access().require(ctx, Scope.READ);
        }
        MediaFiles.Media file =
                d.media().find(rel).orElseThrow(() -> ApiProblem.notFound("no media file " + rel));
        long size = file.size();
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.contentType(file.contentType());
        Optional<ByteRange> range;
        try {
            range = RequestedRange.of(ctx.header("Range"), size);
        } catch (RequestedRange.Unsatisfiable e) {
            String unsatisfiable = ByteRange.toNonSatisfiableHeaderValue(size);
            ctx.header("Content-Range", unsatisfiable);
            throw new ApiProblem(
                    416,
                    "range-not-satisfiable",
                    "Range not satisfiable",
                    e.getMessage(),
                    null,
                    Map.of("Content-Range", unsatisfiable));
        }
        long start = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::getLength).orElse(size);
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", range.get().toHeaderValue(size));
        }
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method().equals(HandlerType.HEAD)) {
            return;
        }
        // The reader opens the range itself (a file position, or an S3 ranged GET), so a seek
        // near the end of a long video reads only what is asked for.
        try (InputStream in = file.reader().open(start, length)) {
            OutputStream out = ctx.res().getOutputStream();
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(
                            "media " + rel + " ended " + left + " bytes before its length");
                }
                out.write(buf, 0, n);
                left -= n;
            }
            out.flush();
        }
    }
}
