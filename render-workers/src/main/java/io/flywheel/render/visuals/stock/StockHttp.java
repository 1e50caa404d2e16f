package io.flywheel.render.visuals.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.render.pipeline.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The GET requests of the stock libraries' APIs. Failures become {@link ProviderException}s with a
 * stable error class ({@code timeout}, {@code http_429}, {@code http_5xx}, other {@code http_4xx},
 * {@code io_error}, {@code too_large}). Neither the key nor a URL carrying it is ever put into a
 * message: errors name the path only.
 */
final class StockHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The largest file a download may be: a stock photo is a few megabytes. */
    static final long MAX_DOWNLOAD_BYTES = 40L * 1024 * 1024;

    /** Streams downloads to disk, one daemon thread each, so a deadline can interrupt them. */
    private static final ExecutorService DOWNLOADS =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "stock-download");
                        t.setDaemon(true);
                        return t;
                    });

    private final HttpClient http;
    private final Duration timeout;

    StockHttp(Duration timeout) {
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    JsonNode getJson(URI uri, Map<String, String> headers)
            throws IOException, InterruptedException {
        byte[] body = get(uri, headers);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException(
                    "bad_response",
                    uri.getPath() + " answered something that is not JSON",
                    true,
                    e);
        }
    }

    byte[] get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = send(uri, headers);
        try (InputStream in = r.body()) {
            requireOk(uri, r);
            byte[] bytes = in.readNBytes((int) MAX_DOWNLOAD_BYTES + 1);
            if (bytes.length > MAX_DOWNLOAD_BYTES) {
                throw new ProviderException(
                        "too_large",
                        uri.getPath() + " is larger than " + MAX_DOWNLOAD_BYTES + " bytes",
                        false);
            }
            return bytes;
        } catch (HttpTimeoutException e) {
            throw new ProviderException(
                    "timeout", uri.getPath() + " did not finish within " + timeout, true, e);
        }
    }

    /**
     * Streams {@code uri} into {@code target} (through a {@code .part} file moved into place when
     * complete): at most {@code maxBytes}, within {@code deadline} from the request to the last
     * byte. Nothing is left at {@code target} when it fails.
     */
    void download(
            URI uri, Map<String, String> headers, Path target, long maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Future<Void> copy =
                DOWNLOADS.submit(
                        () -> {
                            copyTo(uri, headers, part, maxBytes);
                            return null;
                        });
        try {
            copy.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (TimeoutException e) {
            copy.cancel(true);
            throw new ProviderException(
                    "timeout", uri.getPath() + " did not download within " + deadline, true, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException pe) {
                throw pe;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new ProviderException(
                    "io_error",
                    uri.getPath() + ": " + e.getCause().getClass().getSimpleName(),
                    true,
                    e.getCause());
        } catch (InterruptedException e) {
            copy.cancel(true);
            throw e;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void copyTo(URI uri, Map<String, String> headers, Path part, long maxBytes)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> r = send(uri, headers);
        try (InputStream in = r.body();
                OutputStream out = Files.newOutputStream(part)) {
            requireOk(uri, r);
            long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(uri, maxBytes);
            }
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(uri, maxBytes);
                }
                out.write(buf, 0, n);
            }
        }
    }

    private HttpResponse<InputStream> send(URI uri, Map<String, String> headers)
            throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(
                    "timeout", uri.getPath() + " did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new ProviderException(
                    "io_error", uri.getPath() + ": " + e.getClass().getSimpleName(), true, e);
        }
    }

    private static void requireOk(URI uri, HttpResponse<?> r) {
        int code = r.statusCode();
        if (code < 200 || code >= 300) {
            throw new ProviderException(
                    code >= 500 ? "http_5xx" : "http_" + code,
                    uri.getPath() + " answered " + code,
                    code == 429 || code >= 500);
        }
    }

    private static ProviderException tooLarge(URI uri, long maxBytes) {
        return new ProviderException(
                "too_large", uri.getPath() + " is larger than " + maxBytes + " bytes", false);
    }
}
