package io.flywheel.render.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the media directory has room for another job, and whether a failure means the disk is
 * full. A full disk is the machine's fault, not the job's: the job stays queued instead of being
 * dead-lettered.
 */
final class FreeSpace {
    private static final String[] DISK_FULL = {
        "No space left on device", "ENOSPC", "Disk quota exceeded"
    };

    private final Path dir;
    private final long minBytes;

    FreeSpace(Path dir, long minBytes) {
        this.dir = dir;
        this.minBytes = minBytes;
    }

    long freeBytes() throws IOException {
        Files.createDirectories(dir);
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Why no job may start now, or empty when there is room. */
    Optional<String> shortfall() {
        try {
            long free = freeBytes();
            return free < minBytes ? Optional.of(describe(free)) : Optional.empty();
        } catch (IOException e) {
            return isDiskFull(e) ? Optional.of(describe(0)) : Optional.empty();
        }
    }

    /** The log line of a full disk: where, how much is free, how much is needed. */
    String describe(long free) {
        return "disk full: "
                + dir
                + " has "
                + free
                + " bytes free, need "
                + minBytes
                + "; jobs stay queued";
    }

    String describeNow() {
        try {
            return describe(freeBytes());
        } catch (IOException e) {
            return describe(0);
        }
    }

    /** Whether a failure, or anything that caused it, says the disk is full (ENOSPC, quota). */
    static boolean isDiskFull(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            String m = c.getMessage();
            if (m != null) {
                for (String marker : DISK_FULL) {
                    if (m.contains(marker)) {
                        return true;
                    }
                }
            }
            for (Throwable s : c.getSuppressed()) {
                if (s != c && isDiskFull(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}
