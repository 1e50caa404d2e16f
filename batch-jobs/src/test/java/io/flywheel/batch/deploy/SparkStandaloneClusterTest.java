package io.flywheel.batch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's own Master and Workers, each its own JVM, as the master's /json reports them. */
class SparkStandaloneClusterTest {
    static final Duration START = Duration.ofSeconds(90);

    @Test
    void aMasterListsItsWorkersAliveAndNoticesOneKilled(@TempDir Path dir) throws Exception {
        SparkStandaloneCluster cluster = TestCluster.of(dir, 2);
        try {
            cluster.start(START);
            assertThat(cluster.health().ok()).as(cluster.health().detail()).isTrue();
            SparkStandaloneCluster.MasterStatus s = cluster.status().orElseThrow();
            assertThat(s.url()).isEqualTo(cluster.masterUrl());
            assertThat(s.aliveWorkers()).isEqualTo(2);
            assertThat(s.workers()).allSatisfy(w -> assertThat(w.cores()).isEqualTo(1));
            assertThat(dir.resolve("work/worker-1")).isDirectory();
            assertThat(dir.resolve("run/spark-worker-2.pid")).exists();

            long pid = cluster.worker(2).process().orElseThrow().pid();
            cluster.killWorker(2);
            assertThat(ProcessHandle.of(pid).map(h -> h.onExit().join().isAlive())).hasValue(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (cluster.status().orElseThrow().aliveWorkers() != 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(cluster.status().orElseThrow().aliveWorkers()).isEqualTo(1);
            assertThat(cluster.health().ok()).isFalse();

            cluster.startWorker(2, START);
            assertThat(cluster.status().orElseThrow().aliveWorkers()).isEqualTo(2);
            assertThat(cluster.health().ok()).isTrue();
            assertThat(Files.readString(cluster.worker(1).logFile()))
                    .contains("Successfully registered with master " + cluster.masterUrl());
        } finally {
            cluster.stop();
        }
        assertThat(cluster.master().process()).isEmpty();
        assertThat(cluster.worker(1).process()).isEmpty();
    }
}
