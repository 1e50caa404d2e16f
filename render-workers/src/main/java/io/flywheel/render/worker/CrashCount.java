package io.flywheel.render.worker;

import io.flywheel.render.JobWorkspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How often a job's worker stopped without an outcome (killed, crashed, out of memory), kept in the
 * job's directory so it survives the worker: a delivery adds one when it starts and takes it back
 * when it ends in any orderly way (an outcome, a clean stop, a Kafka fault, a full disk). What is
 * left is the number of crashes.
 */
final class CrashCount {
    private static final String FILE = "crashed-deliveries";
    private final Path mediaRoot;

    CrashCount(Path mediaRoot) {
        this.mediaRoot = mediaRoot;
    }

    /** Records a delivery that is starting; returns the crashes before it. */
    int begin(String jobId) throws IOException {
        Path f = file(jobId);
        int crashes = Files.exists(f) ? parse(Files.readString(f, StandardCharsets.UTF_8)) : 0;
        write(f, crashes + 1);
        return crashes;
    }

    /** The delivery ended in order: the count goes back to the crashes before it. */
    void end(String jobId, int crashesBefore) throws IOException {
        write(file(jobId), crashesBefore);
    }

    private Path file(String jobId) throws IOException {
        return new JobWorkspace(mediaRoot, jobId).root().resolve(FILE);
    }

    private static int parse(String s) {
        try {
            return Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 0; // A torn write of the counter: count from zero rather than fail the job.
        }
    }

    private static void write(Path f, int n) throws IOException {
        Path tmp = f.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, Integer.toString(n), StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
