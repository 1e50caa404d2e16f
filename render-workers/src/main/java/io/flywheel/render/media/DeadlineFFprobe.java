package io.flywheel.render.media;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.bramp.ffmpeg.FFprobe;
import net.bramp.ffmpeg.ProcessFunction;

/**
 * ffmpeg-cli-wrapper's {@link FFprobe} with two changes: each ffprobe process is killed at a
 * deadline (like every other process we run), and a failing probe comes back as the result's {@code
 * error} (ffprobe's own words, from {@code -show_error}) instead of the wrapper's "returned
 * non-zero exit status". ffprobe's stderr is dropped: with {@code -v quiet} it is empty, and the
 * wrapper would otherwise read it into the JSON.
 */
final class DeadlineFFprobe extends FFprobe {
    private final Duration deadline;

    DeadlineFFprobe(Path ffprobe, Duration deadline) {
        super(ffprobe.toString(), new Starter(deadline));
        this.deadline = deadline;
    }

    @Override
    protected void throwOnError(Process p) throws IOException {
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProcessRunner.ProcessTimeoutException(
                        "ffprobe did not finish in " + deadline);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProcessRunner.ProcessTimeoutException("interrupted while running ffprobe");
        }
    }

    /** Starts ffprobe with no shell and no stdin, and kills it if it outlives the deadline. */
    private record Starter(Duration deadline) implements ProcessFunction {
        @Override
        public Process run(List<String> args) throws IOException {
            Process p =
                    new ProcessBuilder(args)
                            .redirectInput(Redirect.PIPE)
                            .redirectError(Redirect.DISCARD)
                            .start();
            p.getOutputStream().close();
            CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(p::destroyForcibly);
            return p;
        }
    }
}
