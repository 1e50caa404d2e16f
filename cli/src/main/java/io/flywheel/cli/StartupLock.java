package io.flywheel.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Only one `up` or `down` at a time per data directory: a second one waits its turn. */
final class StartupLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StartupLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StartupLock acquire(Path runDir) {
        return lock(runDir, true).orElseThrow();
    }

    /** The lock if nobody holds it now (the supervisor skips a round while up or down runs). */
    static Optional<StartupLock> tryAcquire(Path runDir) {
        return lock(runDir, false);
    }

    private static Optional<StartupLock> lock(Path runDir, boolean wait) {
        try {
            Files.createDirectories(runDir);
            FileChannel ch =
                    FileChannel.open(
                            runDir.resolve("startup.lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock = wait ? ch.lock() : ch.tryLock();
            if (lock == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new StartupLock(ch, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + runDir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
