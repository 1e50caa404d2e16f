package io.flywheel.storage;

import io.flywheel.config.FlywheelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where model versions live for every process that trains or serves them. Each process keeps a
 * local model directory ({@code batch.model.dir}, {@code api.model.dir}) with a version in {@code
 * <name>/v<N>/}. With the data directory as storage that directory is the store and a version's
 * artifact URI is its {@code file:} URI, as always. With an S3 bucket the trainer publishes the
 * version's files under {@code models/<name>/v<N>/}, the artifact URI is {@code
 * s3://bucket[/prefix]/models/<name>/v<N>/}, and a reader mirrors the version into its own model
 * directory the first time it needs it.
 */
public final class ModelArtifacts {
    /** The key prefix of model versions in the object store. */
    public static final String PREFIX = "models/";

    private final ObjectStore store;
    private final Path localRoot;

    /**
     * @param store the bucket, or null when models stay in the local model directory
     * @param localRoot this process's model directory
     */
    public ModelArtifacts(ObjectStore store, Path localRoot) {
        this.store = store;
        this.localRoot = localRoot.toAbsolutePath().normalize();
    }

    /** Models in the local model directory only (the data directory default). */
    public static ModelArtifacts local(Path localRoot) {
        return new ModelArtifacts(null, localRoot);
    }

    /** As {@code storage.url} says: the bucket when it names one, else the local directory. */
    public static ModelArtifacts of(FlywheelConfig config, Path localRoot) {
        return config.storage().s3()
                ? new ModelArtifacts(new S3ObjectStore(config.storage()), localRoot)
                : local(localRoot);
    }

    public Path localRoot() {
        return localRoot;
    }

    /** Whether versions are shared through a bucket. */
    public boolean shared() {
        return store != null;
    }

    /**
     * Publishes a version directory below the local model directory and returns its artifact URI:
     * its {@code file:} URI when there is no bucket (nothing is copied), else the bucket URI of
     * {@code models/<name>/v<N>/} after every file is stored.
     */
    public String publish(Path versionDir) throws IOException {
        Path dir = versionDir.toAbsolutePath().normalize();
        if (store == null) {
            return dir.toUri().toString();
        }
        if (!dir.startsWith(localRoot) || dir.equals(localRoot)) {
            throw new IllegalArgumentException(
                    dir + " is not below the model directory " + localRoot);
        }
        String key = PREFIX + localRoot.relativize(dir).toString().replace('\\', '/');
        store.putDirectory(key, dir);
        return store.uri(key) + "/";
    }

    /**
     * The local directory of a version: a {@code file:} URI as it is; a bucket URI mirrored into
     * {@code <local model dir>/<name>/v<N>/} (downloaded once, whole, then renamed into place).
     *
     * @throws UncheckedIOException naming the URI when it cannot be read
     */
    public Path localDir(String artifactUri) {
        if (artifactUri.startsWith("file:")) {
            return Path.of(URI.create(artifactUri));
        }
        Optional<String> key =
                store == null ? Optional.empty() : store.keyOf(stripSlash(artifactUri));
        if (key.isEmpty() || !key.get().startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "model artifact "
                            + artifactUri
                            + " is neither a file: URI nor in "
                            + (store == null
                                    ? "a configured bucket (storage.url is empty)"
                                    : store));
        }
        Path target = localRoot.resolve(key.get().substring(PREFIX.length())).normalize();
        if (!target.startsWith(localRoot) || target.equals(localRoot)) {
            throw new IllegalArgumentException(
                    "model artifact " + artifactUri + " escapes " + localRoot);
        }
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            mirror(key.get(), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot fetch model " + artifactUri + ": " + e.getMessage(), e);
        }
    }

    private void mirror(String key, Path target) throws IOException {
        List<String> keys = store.list(key + "/");
        if (keys.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(store.uri(key) + "/ holds no files");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part-" + UUID.randomUUID());
        try {
            for (String k : keys) {
                Path f = tmp.resolve(k.substring(key.length() + 1)).normalize();
                if (!f.startsWith(tmp)) {
                    throw new IOException("key " + k + " escapes " + tmp);
                }
                store.download(k, f);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException
                    | DirectoryNotEmptyException
                    | AtomicMoveNotSupportedException e) {
                // Another reader mirrored it first: theirs is complete too.
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
