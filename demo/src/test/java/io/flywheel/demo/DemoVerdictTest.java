package io.flywheel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoVerdictTest {
    @Test
    void aRunThatDidEverythingExitsZeroWithNoBanner() {
        DemoVerdict v =
                DemoVerdict.of(
                        Optional.of(result(0, 240, 0, List.of(), false)),
                        List.of(
                                result(1, 12, 12, List.of(), false),
                                result(2, 12, 12, List.of(), false)),
                        2,
                        15,
                        false);
        assertThat(v.exitCode()).isZero();
        assertThat(v.banner(false)).isEmpty();
    }

    @Test
    void aPartlyRenderedCycleIsIncompleteAndSaysWhatWasNotDoneUnlessAccepted() {
        List<DemoCycle.Result> results =
                List.of(
                        result(1, 12, 12, List.of(), false),
                        result(
                                2,
                                12,
                                7,
                                List.of(
                                        "5 of 12 renders still pending when the 30-minute limit"
                                                + " (--timeout-minutes) ran out"),
                                false));
        DemoVerdict v = DemoVerdict.of(Optional.empty(), results, 3, 30, false);

        assertThat(v.exitCode()).isEqualTo(DemoVerdict.INCOMPLETE).isEqualTo(3);
        assertThat(v.shortfalls())
                .containsExactly(
                        "cycle 2: 5 of 12 renders still pending when the 30-minute limit"
                                + " (--timeout-minutes) ran out",
                        "cycle 3: not started, the 30-minute limit (--timeout-minutes) ran out"
                                + " first");
        assertThat(v.banner(false).get(0)).startsWith("INCOMPLETE RUN");
        assertThat(v.banner(false).get(v.banner(false).size() - 1)).contains("Exit code 3");

        DemoVerdict accepted = DemoVerdict.of(Optional.empty(), results, 3, 30, true);
        assertThat(accepted.exitCode()).isZero();
        assertThat(accepted.banner(true)).first().asString().startsWith("INCOMPLETE RUN");
        assertThat(accepted.banner(true)).last().asString().contains("--accept-partial");
    }

    @Test
    void aFailedLearningStepIsAFailureEvenWhenPartialRunsAreAccepted() {
        DemoVerdict v =
                DemoVerdict.of(
                        Optional.of(result(0, 24, 0, List.of(), true)),
                        List.of(result(1, 4, 4, List.of(), false)),
                        1,
                        15,
                        true);
        assertThat(v.exitCode()).isEqualTo(DemoVerdict.FAILED);
    }

    @Test
    void cyclesNeverStartedAreNamedAsARange() {
        DemoVerdict v = DemoVerdict.of(Optional.empty(), List.of(), 3, 1, false);
        assertThat(v.exitCode()).isEqualTo(3);
        assertThat(v.shortfalls())
                .containsExactly(
                        "cycles 1-3: not started, the 1-minute limit (--timeout-minutes) ran out"
                                + " first");
    }

    private static DemoCycle.Result result(
            int cycle, int requested, int rendered, List<String> shortfalls, boolean learnFailed) {
        return new DemoCycle.Result(
                cycle,
                "thompson-e0.70",
                requested,
                rendered,
                rendered,
                10,
                rendered * 30.0,
                rendered,
                1000,
                100,
                0.5,
                "learn: done",
                learnFailed,
                Optional.empty(),
                shortfalls);
    }
}
