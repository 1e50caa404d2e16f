package io.flywheel.s3server;

import io.flywheel.config.ConfigException;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StorageSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local S3-compatible bucket: s3proxy with jclouds' {@code filesystem} backend under {@code
 * <data.dir>/s3}, AWS v2/v4 signatures checked against {@code FLYWHEEL_STORAGE_S3_ACCESS_KEY} and
 * {@code FLYWHEEL_STORAGE_S3_SECRET_KEY}, listening on {@code listen.address} and {@code
 * storage.s3.server.port}. Creates the bucket of {@code storage.url} at start; runs until
 * terminated.
 */
public final class S3ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(S3ServerMain.class);

    private S3ServerMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig config;
        try {
            config = ConfigLoader.fromEnvironment(Map.of());
            requireBucket(config.storage());
        } catch (ConfigException e) {
            System.err.println("s3-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        StorageSettings s = config.storage();
        Path dir = config.dataPath("s3");
        S3Proxy proxy = start(config.listenAddress(), s.s3ServerPort(), dir, s);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        proxy.stop();
                                    } catch (Exception e) {
                                        LOG.warn("stopping the S3 server: {}", e.toString());
                                    }
                                    stopped.countDown();
                                }));
        stopped.await();
    }

    /**
     * Starts s3proxy over the directory and creates the bucket of {@code storage.url}.
     *
     * @return the running server (its {@link S3Proxy#getPort()} is the bound port)
     */
    public static S3Proxy start(String host, int port, Path dir, StorageSettings s)
            throws Exception {
        requireBucket(s);
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toString());
        BlobStore store =
                ContextBuilder.newBuilder(new FilesystemApiMetadata())
                        .overrides(props)
                        .build(BlobStoreContext.class)
                        .getBlobStore();
        if (store.createContainerInLocation(null, s.bucket())) {
            LOG.info("created bucket {} in {}", s.bucket(), dir);
        }
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(store)
                        .endpoint(URI.create("http://" + host + ":" + port))
                        .awsAuthentication(
                                AuthenticationType.AWS_V2_OR_V4,
                                s.s3AccessKey().reveal(),
                                s.s3SecretKey().reveal())
                        .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IllegalStateException(
                        "S3 server failed to start on " + host + ":" + port);
            }
            Thread.sleep(20);
        }
        LOG.info(
                "S3 server listening on http://{}:{}, bucket {}, files in {}, access key {}",
                host,
                proxy.getPort(),
                s.bucket(),
                dir,
                s.s3AccessKey());
        return proxy;
    }

    private static void requireBucket(StorageSettings s) {
        if (!s.s3()) {
            throw new ConfigException(
                    "the S3 server needs storage.url=s3://bucket[/prefix] (FLYWHEEL_STORAGE_URL)"
                            + " to know which bucket to create");
        }
        if (s.s3AccessKey().isEmpty() || s.s3SecretKey().isEmpty()) {
            throw new ConfigException(
                    "the S3 server needs FLYWHEEL_STORAGE_S3_ACCESS_KEY and"
                            + " FLYWHEEL_STORAGE_S3_SECRET_KEY");
        }
    }
}
