package io.flywheel.storage;

import io.flywheel.config.FlywheelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where media and model files are shared between processes: the data directory by default, or an
 * S3-compatible bucket when {@code storage.url} names one. Keys are relative paths of plain
 * segments ({@code media/jobs/<job>/renditions/rendition-1-1080x1920.mp4}, {@code
 * models/<name>/v3/...}), checked by {@link ObjectKeys} in both implementations.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * The store of a configuration: {@code storage.url} chooses the bucket or the data directory.
     */
    static ObjectStore of(FlywheelConfig config) {
        return config.storage().s3()
                ? new S3ObjectStore(config.storage())
                : new DirectoryObjectStore(config.dataDir());
    }

    /** Where a key lives, as a URI: {@code file:/...} or {@code s3://bucket/prefix/key}. */
    String uri(String key);

    /** Stores a file under the key, replacing what was there; readers never see half a file. */
    void put(String key, Path file) throws IOException;

    /**
     * Stores every regular file below {@code dir} under {@code prefix/<relative path>}.
     *
     * @return how many files were stored
     */
    default int putDirectory(String prefix, Path dir) throws IOException {
        List<Path> files;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            files = s.filter(java.nio.file.Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            put(ObjectKeys.below(prefix, dir, f), f);
        }
        return files.size();
    }

    /** The object's size in bytes, or empty if there is no such key. */
    Optional<Long> size(String key) throws IOException;

    /**
     * Reads {@code length} bytes from {@code start} (a byte range); the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such key
     */
    InputStream get(String key, long start, long length) throws IOException;

    /** Copies the object to a file (written to a temporary name, then renamed). */
    void download(String key, Path target) throws IOException;

    /** Every key below a prefix ({@code "media/"}, {@code "models/ctr/v3/"}), sorted. */
    List<String> list(String prefix) throws IOException;

    /** Removes the key; nothing happens if it does not exist. */
    void delete(String key) throws IOException;

    /** The key of a URI made by {@link #uri(String)} of this store, if it is one. */
    Optional<String> keyOf(String uri);

    @Override
    void close();
}
