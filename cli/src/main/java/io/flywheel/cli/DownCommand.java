package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop the local services cleanly. Data is kept; `flywheel up` resumes.")
final class DownCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        FlywheelConfig config = options.load();
        LocalStack stack = new LocalStack(config);
        try (StartupLock lock = StartupLock.acquire(config.dataPath("run"))) {
            Progress p = new Progress(System.out, 2);
            p.begin("Stopping Kafka broker");
            boolean kafkaRan = stack.kafka().process().isPresent();
            stack.kafka().stop();
            p.done(kafkaRan ? "stopped" : "was not running");
            p.begin("Stopping PostgreSQL");
            boolean pgRan = stack.postgres().process().isPresent();
            stack.postgres().stop();
            p.done(pgRan ? "stopped" : "was not running");
        }
        return 0;
    }
}
