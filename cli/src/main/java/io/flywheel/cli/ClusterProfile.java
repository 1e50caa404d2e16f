package io.flywheel.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code up --profile cluster} leaves in the run directory for the commands after it: that
 * this data directory runs the cluster profile (so {@code status}, {@code demo} and {@code down}
 * need no flag), and the local S3 server's credentials, made once at random and readable only by
 * their owner.
 */
final class ClusterProfile {
    static final String PROFILE_FILE = "profile";
    static final String CREDENTIALS_FILE = "s3.credentials";

    private ClusterProfile() {}

    /** The profile {@code up} last started in this run directory, if any. */
    static Optional<String> remembered(Path runDir) {
        try {
            Path f = runDir.resolve(PROFILE_FILE);
            return Files.isRegularFile(f)
                    ? Optional.of(Files.readString(f).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void remember(Path runDir, String profile) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(PROFILE_FILE), profile + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(PROFILE_FILE), e);
        }
    }

    /** The local S3 server's access key and secret: read, or made and kept with mode 0600. */
    static String[] localCredentials(Path runDir) {
        Path f = runDir.resolve(CREDENTIALS_FILE);
        try {
            Properties p = new Properties();
            if (!Files.isRegularFile(f)) {
                Files.createDirectories(runDir);
                SecureRandom random = new SecureRandom();
                byte[] id = new byte[10];
                byte[] secret = new byte[24];
                random.nextBytes(id);
                random.nextBytes(secret);
                p.setProperty("access.key", "FW" + HexFormat.of().withUpperCase().formatHex(id));
                p.setProperty("secret.key", HexFormat.of().formatHex(secret));
                Path tmp = Files.createTempFile(runDir, CREDENTIALS_FILE, ".tmp");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                try (var out = Files.newBufferedWriter(tmp)) {
                    p.store(out, "local S3 server of the cluster profile; not used elsewhere");
                }
                Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            try (var in = Files.newBufferedReader(f)) {
                p.load(in);
            }
            return new String[] {p.getProperty("access.key"), p.getProperty("secret.key")};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local S3 credentials in " + f, e);
        }
    }
}
