package io.flywheel.render.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an executable with an argument list (never through a shell, so no argument is ever
 * interpreted), with a deadline after which the process is killed. Output is read on background
 * threads so a chatty process cannot block on a full pipe.
 */
public final class ProcessRunner {
    /** At most this much of each stream is kept; ffmpeg's logs can be long. */
    private static final int KEEP_CHARS = 256 * 1024;

    public record Result(int exitCode, String stdout, String stderr) {}

    private ProcessRunner() {}

    public static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, null);
    }

    public static Result run(List<String> command, Duration timeout, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ProcessTimeoutException(
                        Path.of(command.get(0)).getFileName() + " did not finish in " + timeout);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProcessTimeoutException("interrupted while running " + command.get(0));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        }
    }

    /** Runs and requires exit code 0, else throws with the tail of stderr. */
    public static Result check(List<String> command, Duration timeout) {
        Result r = run(command, timeout);
        if (r.exitCode() != 0) {
            String err = r.stderr();
            String tail = err.length() > 2000 ? err.substring(err.length() - 2000) : err;
            throw new IllegalStateException(
                    Path.of(command.get(0)).getFileName()
                            + " exited with "
                            + r.exitCode()
                            + ": "
                            + tail.strip());
        }
        return r;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    StringBuilder sb = new StringBuilder();
                    byte[] buf = new byte[8192];
                    try (in) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            // Keep the tail: that is where a failing process says why.
                            if (sb.length() > KEEP_CHARS * 2) {
                                sb.delete(0, sb.length() - KEEP_CHARS);
                            }
                        }
                    } catch (IOException e) {
                        // The process was killed; what was read is enough.
                    }
                    return sb.toString();
                },
                DAEMON_POOL);
    }

    private static final java.util.concurrent.ExecutorService DAEMON_POOL =
            java.util.concurrent.Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "process-output");
                        t.setDaemon(true);
                        return t;
                    });

    /** A process that outlived its deadline. */
    public static final class ProcessTimeoutException extends RuntimeException {
        public ProcessTimeoutException(String message) {
            super(message);
        }
    }
}
