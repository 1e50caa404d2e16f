package io.flywheel.storage;

import io.flywheel.config.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket through the AWS SDK v2: key {@code media/a.mp4} of {@code
 * storage.url=s3://bucket/prefix} is the object {@code prefix/media/a.mp4} of {@code bucket}. A
 * failed request is an IOException naming the operation and the object, never the credentials.
 */
public final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ObjectStore(StorageSettings settings) {
        this(S3Clients.create(settings), settings.bucket(), settings.prefix());
    }

    S3ObjectStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String object(String key) {
        ObjectKeys.check(key);
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + object(key);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String o = object(key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(o), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("put", o, e);
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        String o = object(key);
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(o)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("head", o, e);
        } catch (SdkException e) {
            throw failure("head", o, e);
        }
    }

    @Override
    public InputStream get(String key, long start, long length) throws IOException {
        String o = object(key);
        if (length <= 0) {
            if (size(key).isEmpty()) {
                throw new NoSuchFileException(uri(key));
            }
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + start + "-" + (start + length - 1);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(o).range(range));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(uri(key));
        } catch (SdkException e) {
            throw failure("get", o, e);
        }
    }

    @Override
    public void download(String key, Path target) throws IOException {
        String o = object(key);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        try {
            s3.getObject(b -> b.bucket(bucket).key(o), ResponseTransformer.toFile(tmp));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(uri(key));
        } catch (SdkException e) {
            Files.deleteIfExists(tmp);
            throw failure("get", o, e);
        }
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        ObjectKeys.checkPrefix(keyPrefix);
        String p = prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
        int strip = prefix.isEmpty() ? 0 : prefix.length() + 1;
        List<String> out = new ArrayList<>();
        try {
            for (S3Object obj :
                    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p)).contents()) {
                // Directory markers ("a/b/", listed by some S3-compatible servers) are no objects.
                if (!obj.key().endsWith("/")) {
                    out.add(obj.key().substring(strip));
                }
            }
        } catch (SdkException e) {
            throw failure("list", p, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        String o = object(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(o));
        } catch (SdkException e) {
            throw failure("delete", o, e);
        }
    }

    @Override
    public Optional<String> keyOf(String uri) {
        String base = "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/");
        if (uri == null || !uri.startsWith(base)) {
            return Optional.empty();
        }
        String key = uri.substring(base.length());
        try {
            return Optional.of(
                    ObjectKeys.check(key.endsWith("/") ? key.substring(0, key.length() - 1) : key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private IOException failure(String op, String object, SdkException e) {
        return new IOException(
                "S3 " + op + " of s3://" + bucket + "/" + object + " failed: " + e.getMessage(), e);
    }
}
