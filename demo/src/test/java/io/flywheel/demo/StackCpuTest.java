package io.flywheel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCpuTest {
    @TempDir Path dir;

    @Test
    void aStatLineGivesItsOwnAndItsWaitedForChildrensTicksEvenWithSpacesInTheCommand() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
        // stime cutime cstime ...
        String stat =
                "4242 (java (render) w) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 300 7000 200 20"
                        + " 0 40 0 123 456";
        assertThat(StackCpu.parse(stat)).hasValue(1500 + 300 + 7000 + 200);
    }

    @Test
    void cpuSinceCountsNewProcessesFromZeroAndLeavesEndedOnesOut() {
        Map<Long, Long> before = Map.of(0L, 1000L, 11L, 500L, 12L, 300L);
        Map<Long, Long> after = Map.of(0L, 1250L, 11L, 600L, 13L, 150L);
        assertThat(StackCpu.since(before, after)).isEqualTo((250 + 100 + 150) / 100.0);
    }

    @Test
    void thisProcessAndTheProcessesOfThePidFilesUnderTheDataDirectoryAreSampled() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        long me = ProcessHandle.current().pid();
        Files.writeString(run.resolve("audience.pid"), me + "\n");
        Files.writeString(run.resolve("gone.pid"), "999999999\n");
        Files.createDirectories(dir.resolve("media/x"));
        Files.writeString(dir.resolve("media/x/ignored.pid"), "1\n");

        Map<Long, Long> sample = new StackCpu(dir).sample();

        assertThat(sample).containsKeys(0L, me).doesNotContainKeys(999999999L, 1L);
        assertThat(sample.get(0L)).isPositive();
    }
}
