package io.flywheel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Objects as files below a directory (the data directory): key {@code media/a.mp4} is {@code
 * <root>/media/a.mp4}. Keys are checked and the resolved path must stay below the root. Storing a
 * file that already is the key's file does nothing, so a render worker writing in place pays no
 * copy.
 */
public final class DirectoryObjectStore implements ObjectStore {
    private final Path root;

    public DirectoryObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key. */
    public Path path(String key) {
        Path p = root.resolve(ObjectKeys.check(key)).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("key escapes " + root + ": " + key);
        }
        return p;
    }

    @Override
    public String uri(String key) {
        return path(key).toUri().toString();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = path(key);
        if (Files.exists(target) && Files.isSameFile(target, file)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path p = path(key);
        return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
    }

    @Override
    public InputStream get(String key, long start, long length) throws IOException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(key);
        }
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        ch.position(start);
        return new BoundedInputStream(Channels.newInputStream(ch), length);
    }

    @Override
    public void download(String key, Path target) throws IOException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(key);
        }
        if (Files.exists(target) && Files.isSameFile(p, target)) {
            return;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(p, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && !k.endsWith(".part"))
                    .forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public Optional<String> keyOf(String uri) {
        if (uri == null || !uri.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(java.net.URI.create(uri)).toAbsolutePath().normalize();
            if (!p.startsWith(root) || p.equals(root)) {
                return Optional.empty();
            }
            return Optional.of(root.relativize(p).toString().replace('\\', '/'));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "directory " + root;
    }
}
