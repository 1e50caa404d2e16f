package io.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flywheel.embedded.ServiceState;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show each local process: pid, address, health and data size.",
            "Exit code 0 when everything is healthy, 3 otherwise."
        })
final class StatusCommand implements Callable<Integer> {
    static final int NOT_HEALTHY = 3;

    @Mixin ConfigOptions options;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LocalStack stack = new LocalStack(options.load(), options.file());
        List<ServiceState> states = stack.states(true);
        if (json) {
            System.out.println(toJson(states, stack.config().dataDir().toString()));
        } else {
            printTable(states, System.out);
        }
        return healthy(stack) ? 0 : NOT_HEALTHY;
    }

    /** Kafka and PostgreSQL answer, and every Flywheel process that runs answers too. */
    static boolean healthy(LocalStack stack) {
        return stack.infraStates().stream().allMatch(ServiceState::healthy)
                && stack.states(false).stream().allMatch(ServiceState::healthy);
    }

    static void printTable(List<ServiceState> states, PrintStream out) {
        out.printf(
                "%-14s %-8s %-28s %-9s %-10s %s%n",
                "SERVICE", "PID", "ADDRESS", "HEALTH", "DATA", "DETAIL");
        for (ServiceState s : states) {
            out.printf(
                    "%-14s %-8s %-28s %-9s %-10s %s%n",
                    s.name(),
                    s.pid().map(String::valueOf).orElse("-"),
                    s.address(),
                    s.healthy() ? "healthy" : s.running() ? "UNHEALTHY" : "stopped",
                    humanBytes(s.dataBytes()),
                    s.detail());
        }
    }

    static String toJson(List<ServiceState> states, String dataDir) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataDir", dataDir);
        root.put(
                "healthy",
                states.stream().filter(ServiceState::running).allMatch(ServiceState::healthy)
                        && states.stream()
                                .filter(
                                        s ->
                                                s.name().equals("kafka")
                                                        || s.name().equals("postgres"))
                                .allMatch(ServiceState::healthy));
        root.put(
                "services",
                states.stream()
                        .map(
                                s -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("name", s.name());
                                    m.put("pid", s.pid().orElse(null));
                                    m.put("address", s.address());
                                    m.put("running", s.running());
                                    m.put("healthy", s.healthy());
                                    m.put("dataBytes", s.dataBytes());
                                    m.put("detail", s.detail());
                                    return m;
                                })
                        .toList());
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root);
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
