package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    public Integer call() throws InterruptedException {
        FlywheelConfig config = options.load();
        LocalStack stack = new LocalStack(config, options.file());
        try (StartupLock lock = StartupLock.acquire(config.dataPath("run"))) {
            // First the supervisor, or it would restart what is being stopped.
            List<JavaService> services = new ArrayList<>(stack.services());
            services.add(stack.supervisor());
            Collections.reverse(services);
            Launched.clear(config.dataPath("run"));
            if (new LocalPrometheus(config, 0).stop()) {
                System.out.println("Stopped Prometheus");
            }
            List<ClusterNode> nodes = new ArrayList<>(stack.clusterNodes());
            Collections.reverse(nodes);
            Progress p = new Progress(System.out, 2 + services.size() + nodes.size());
            try (p) {
                for (JavaService s : services) {
                    p.begin("Stopping " + s.spec().name());
                    boolean ran = s.process().isPresent();
                    s.stop();
                    p.done(ran ? "stopped" : "was not running");
                }
                for (ClusterNode n : nodes) {
                    p.begin("Stopping " + n.name());
                    boolean ran = n.process().isPresent();
                    n.stop();
                    p.done(ran ? "stopped" : "was not running");
                }
                p.begin("Stopping Kafka broker");
                boolean kafkaRan = stack.kafka().process().isPresent();
                stack.kafka().stop();
                p.done(kafkaRan ? "stopped" : "was not running");
                p.begin("Stopping PostgreSQL");
                boolean pgRan = stack.postgres().process().isPresent();
                stack.postgres().stop();
                p.done(pgRan ? "stopped" : "was not running");
            }
        }
        return 0;
    }
}
