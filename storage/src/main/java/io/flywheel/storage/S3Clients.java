package io.flywheel.storage;

import io.flywheel.config.StorageSettings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients (AWS SDK v2) built from {@link StorageSettings}: its endpoint (empty for AWS), region,
 * path style and the credentials from the environment; nothing is read from the AWS profile files
 * or instance metadata, so what the config says is what the client does.
 */
public final class S3Clients {
    private S3Clients() {}

    /** A client for the settings' bucket. */
    public static S3Client create(StorageSettings s) {
        return create(s, Duration.ofSeconds(30));
    }

    /**
     * @param timeout the connect and read timeout of one HTTP request (short for health checks)
     */
    public static S3Client create(StorageSettings s, Duration timeout) {
        S3ClientBuilder b =
                S3Client.builder()
                        .region(Region.of(s.s3Region()))
                        .forcePathStyle(s.s3PathStyle())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                s.s3AccessKey().reveal(),
                                                s.s3SecretKey().reveal())))
                        // S3-compatible servers do not all take the SDK's newer default
                        // checksums (aws-chunked trailers); send them only where S3 requires one.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .httpClient(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(timeout)
                                        .socketTimeout(timeout)
                                        .build());
        if (!s.s3Endpoint().isEmpty()) {
            b.endpointOverride(URI.create(s.s3Endpoint()));
        }
        return b.build();
    }
}
