package io.flywheel.benchmarks.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the resident memory of this JVM plus all its child processes (ffmpeg, espeak-ng) every 50
 * ms from /proc and keeps the peak of the sum.
 */
final class PeakMemory implements AutoCloseable {
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakKb;

    PeakMemory() {
        sampler =
                new Thread(
                        () -> {
                            while (running) {
                                long sum = rssKb(ProcessHandle.current().pid());
                                for (ProcessHandle h :
                                        ProcessHandle.current().descendants().toList()) {
                                    sum += rssKb(h.pid());
                                }
                                peakKb = Math.max(peakKb, sum);
                                try {
                                    Thread.sleep(50);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "peak-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended between listing and reading.
        }
        return 0;
    }

    long peakMb() {
        return peakKb / 1024;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
