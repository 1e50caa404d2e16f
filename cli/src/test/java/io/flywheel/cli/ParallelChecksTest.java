package io.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.ServiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelChecksTest {

    /**
     * Every check waits until all of them have started: run one after another, the first would give
     * up after its timeout and report itself unhealthy.
     */
    @Test
    void runsTheChecksAtTheSameTimeAndKeepsTheirOrder() {
        int n = 5;
        CyclicBarrier allStarted = new CyclicBarrier(n);
        List<Supplier<ServiceState>> checks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "node-" + i;
            checks.add(
                    () -> {
                        try {
                            allStarted.await(20, TimeUnit.SECONDS);
                            return state(name, true, "answers");
                        } catch (Exception e) {
                            return state(name, false, "waited alone: " + e);
                        }
                    });
        }

        List<ServiceState> states = ParallelChecks.run(checks);

        assertThat(states)
                .extracting(ServiceState::name)
                .containsExactly("node-0", "node-1", "node-2", "node-3", "node-4");
        assertThat(states).allSatisfy(s -> assertThat(s.healthy()).as(s.detail()).isTrue());
    }

    @Test
    void aSingleCheckRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<ServiceState> states =
                ParallelChecks.run(
                        List.of(() -> state("one", Thread.currentThread() == caller, "here")));
        assertThat(states).singleElement().satisfies(s -> assertThat(s.healthy()).isTrue());
    }

    private static ServiceState state(String name, boolean healthy, String detail) {
        return new ServiceState(name, Optional.of(1L), "127.0.0.1:1", healthy, detail, 0);
    }
}
