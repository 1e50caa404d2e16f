package io.flywheel.api.videos;

import io.flywheel.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files below the media directory (or, with an S3 bucket as the store, its objects under {@code
 * media/}), and nothing else: a requested path must be relative, made of plain segments (no {@code
 * .} or {@code ..}, no backslash, no percent sign or control character left after the server's
 * decoding, i.e. no double encoding), and its real path, symbolic links followed, must still be
 * inside the media directory's real path.
 */
public final class MediaFiles {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The key prefix of media in the object store (what the render worker writes). */
    public static final String KEY_PREFIX = "media/";

    private final Path root;
    private final ObjectStore store;

    /** Media served from the media directory. */
    public MediaFiles(Path mediaDir) {
        this(mediaDir, null);
    }

    /**
     * @param store when set (storage.url names a bucket), media are served from its keys {@code
     *     media/<path>} instead of the directory; the same paths are accepted
     */
    public MediaFiles(Path mediaDir, ObjectStore store) {
        this.root = mediaDir.toAbsolutePath().normalize();
        this.store = store;
    }

    public Path root() {
        return root;
    }

    /** A media object to serve: its name (for the content type), its size and its byte ranges. */
    public record Media(String name, long size, RangeReader reader) {
        public String contentType() {
            return MediaFiles.contentType(name);
        }
    }

    /** Opens {@code length} bytes from {@code start}. */
    @FunctionalInterface
    public interface RangeReader {
        InputStream open(long start, long length) throws IOException;
    }

    /**
     * The media a relative path names, from the directory or the object store: empty unless it is a
     * safe path (see {@link #resolve(String)}) to an existing file or object.
     */
    public Optional<Media> find(String relative) throws IOException {
        if (store == null) {
            Optional<Path> file = resolve(relative);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Path f = file.get();
            return Optional.of(
                    new Media(
                            f.getFileName().toString(),
                            Files.size(f),
                            (start, length) -> {
                                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                                ch.position(start);
                                return Channels.newInputStream(ch);
                            }));
        }
        if (!safe(relative)) {
            return Optional.empty();
        }
        String key = KEY_PREFIX + relative;
        Optional<Long> size = store.size(key);
        return size.map(
                n ->
                        new Media(
                                relative.substring(relative.lastIndexOf('/') + 1),
                                n,
                                (start, length) -> store.get(key, start, length)));
    }

    private static boolean safe(String relative) {
        if (relative == null || relative.isEmpty() || relative.length() > 512) {
            return false;
        }
        for (String s : relative.split("/", -1)) {
            if (!SEGMENT.matcher(s).matches() || s.equals("..") || s.contains("..")) {
                return false;
            }
        }
        return true;
    }

    /** The file a relative media path names, if it is a safe path to an existing regular file. */
    public Optional<Path> resolve(String relative) {
        if (!safe(relative)) {
            return Optional.empty();
        }
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)) {
                return Optional.empty();
            }
            Path real = p.toRealPath();
            Path realRoot = root.toRealPath();
            return real.startsWith(realRoot) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The media path (relative to the media directory) of a stored URI: a {@code file:} URI or
     * absolute path inside the media directory, or a relative path. Empty for anything outside.
     */
    public Optional<String> relativeOf(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        Path p;
        try {
            p = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!abs.startsWith(root) || abs.equals(root)) {
            return Optional.empty();
        }
        return Optional.of(root.relativize(abs).toString().replace('\\', '/'));
    }

    public static String contentType(Path file) {
        return contentType(file.getFileName().toString());
    }

    public static String contentType(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".mp4")) {
            return "video/mp4";
        } else if (n.endsWith(".webm")) {
            return "video/webm";
        } else if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".vtt")) {
            return "text/vtt; charset=utf-8";
        } else if (n.endsWith(".srt")) {
            return "application/x-subrip";
        } else if (n.endsWith(".wav")) {
            return "audio/wav";
        }
        return "application/octet-stream";
    }
}
