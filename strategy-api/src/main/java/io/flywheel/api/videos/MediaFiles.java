package io.flywheel.api.videos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files below the media directory, and nothing else: a requested path must be relative, made of
 * plain segments (no {@code .} or {@code ..}, no backslash, no percent sign or control character
 * left after the server's decoding, i.e. no double encoding), and its real path, symbolic links
 * followed, must still be inside the media directory's real path.
 */
public final class MediaFiles {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public MediaFiles(Path mediaDir) {
        this.root = mediaDir.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file a relative media path names, if it is a safe path to an existing regular file. */
    public Optional<Path> resolve(String relative) {
        if (relative == null || relative.isEmpty() || relative.length() > 512) {
            return Optional.empty();
        }
        String[] segments = relative.split("/", -1);
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches() || s.equals("..") || s.contains("..")) {
                return Optional.empty();
            }
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
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
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
