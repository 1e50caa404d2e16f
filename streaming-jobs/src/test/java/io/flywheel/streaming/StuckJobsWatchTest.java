package io.flywheel.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StuckJobsWatchTest {
    private static final long S = 1_000_000_000L;

    @Test
    void endsTheProcessOnlyWhenTheJobsHaveBeenDownForTheWholeGrace() {
        StuckJobsWatch w = new StuckJobsWatch(Duration.ofSeconds(60));
        assertThat(w.observe(0, Optional.empty())).isEmpty();
        assertThat(w.observe(10 * S, Optional.of("no TaskManager"))).isEmpty();
        assertThat(w.observe(69 * S, Optional.of("no TaskManager"))).isEmpty();
        assertThat(w.observe(70 * S, Optional.of("no TaskManager")))
                .contains("no TaskManager for 60 s");
    }

    @Test
    void aJobRunningAgainInBetweenStartsTheGraceAnew() {
        StuckJobsWatch w = new StuckJobsWatch(Duration.ofSeconds(60));
        assertThat(w.observe(0, Optional.of("engagement-kpi-job RESTARTING"))).isEmpty();
        assertThat(w.observe(50 * S, Optional.empty())).isEmpty();
        assertThat(w.observe(55 * S, Optional.of("engagement-kpi-job RESTARTING"))).isEmpty();
        assertThat(w.observe(114 * S, Optional.of("engagement-kpi-job RESTARTING"))).isEmpty();
        assertThat(w.observe(115 * S, Optional.of("engagement-kpi-job RESTARTING")))
                .contains("engagement-kpi-job RESTARTING for 60 s");
    }
}
