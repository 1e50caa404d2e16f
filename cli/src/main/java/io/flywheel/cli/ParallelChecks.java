package io.flywheel.cli;

import io.flywheel.embedded.ServiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Runs independent health checks at the same time and returns their states in the given order. */
final class ParallelChecks {
    private static final int MAX_THREADS = 8;

    private ParallelChecks() {}

    static List<ServiceState> run(List<Supplier<ServiceState>> checks) {
        if (checks.size() <= 1) {
            return checks.stream().map(Supplier::get).toList();
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(MAX_THREADS, checks.size()),
                        r -> {
                            Thread t = new Thread(r, "health-check");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<CompletableFuture<ServiceState>> futures = new ArrayList<>();
            for (Supplier<ServiceState> check : checks) {
                futures.add(CompletableFuture.supplyAsync(check, pool));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
