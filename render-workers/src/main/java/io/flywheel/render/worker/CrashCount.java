package io.flywheel.render.worker;

import io.flywheel.render.JobWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * How often a job's worker stopped without an outcome (killed, crashed, out of memory), kept in the
 * job's directory so it survives the worker: a delivery leaves an empty marker file in {@code
 * jobs/<id>/unfinished-deliveries/} when it starts and deletes it when it ends in any orderly way
 * (an outcome, a clean stop, a Kafka fault, a full disk). The markers left are the crashes.
 * Deleting needs no free space, so a full disk never turns into a counted crash.
 */
final class CrashCount {
    static final String DIR = "unfinished-deliveries";

    /** One delivery's marker, and the crashes counted before it. */
    record Delivery(Path marker, int crashesBefore) {}

    private final Path mediaRoot;

    CrashCount(Path mediaRoot) {
        this.mediaRoot = mediaRoot;
    }

    /** Records a delivery that is starting. */
    Delivery begin(String jobId) throws IOException {
        Path dir = Files.createDirectories(new JobWorkspace(mediaRoot, jobId).root().resolve(DIR));
        int crashes;
        try (var markers = Files.list(dir)) {
            crashes = (int) markers.count();
        }
        Path marker = Files.createFile(dir.resolve(UUID.randomUUID().toString()));
        return new Delivery(marker, crashes);
    }

    /** The delivery ended in order: its marker goes. */
    void end(Delivery d) throws IOException {
        Files.deleteIfExists(d.marker());
    }
}
