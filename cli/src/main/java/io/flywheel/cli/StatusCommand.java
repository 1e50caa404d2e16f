package io.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flywheel.embedded.ServiceState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show each local process: pid, address, health as its engine reports it, restarts by"
                    + " the supervisor, and data size.",
            "Exit code 0 when everything `up` started runs and is healthy, 3 otherwise."
        })
final class StatusCommand implements Callable<Integer> {
    static final int NOT_HEALTHY = 3;

    @Mixin ConfigOptions options;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    /** One process as status shows it: its state and what the supervisor knows of it. */
    record Row(
            ServiceState state,
            long restarts,
            boolean gaveUp,
            String supervisorNote,
            String metrics) {
        String health() {
            if (gaveUp) {
                return "GAVE UP";
            }
            return state.healthy() ? "healthy" : state.running() ? "UNHEALTHY" : "stopped";
        }

        String detail() {
            return supervisorNote.isEmpty() ? state.detail() : supervisorNote;
        }
    }

    /** What {@code status} found, and whether it is healthy. */
    record Report(List<Row> rows, List<String> problems, String dataDir) {
        boolean healthy() {
            return problems.isEmpty();
        }
    }

    @Override
    public Integer call() throws Exception {
        LocalStack stack = new LocalStack(options.load(), options.file());
        Report report = report(stack);
        if (json) {
            System.out.println(toJson(report));
        } else {
            printTable(report.rows(), System.out);
            if (!report.healthy()) {
                System.out.println();
                report.problems().forEach(p -> System.out.println("! " + p));
            }
        }
        return report.healthy() ? 0 : NOT_HEALTHY;
    }

    static Report report(LocalStack stack) {
        Path runDir = stack.config().dataPath("run");
        Optional<Launched> launched = Launched.read(runDir);
        SupervisorState sup = SupervisorState.read(runDir);
        List<ServiceState> states = new ArrayList<>(stack.states(true));
        states.add(stack.supervisor().state());
        Map<String, String> metrics = MetricsAddresses.of(stack.config());
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ServiceState s : states) {
            SupervisorState.Entry e = sup.services.get(s.name());
            Row row =
                    new Row(
                            s,
                            e == null ? 0 : e.restarts,
                            e != null && e.gaveUp,
                            e == null || s.running() ? "" : e.reason,
                            metrics.getOrDefault(s.name(), "-"));
            rows.add(row);
            boolean expected =
                    launched.map(
                                    l ->
                                            l.services().contains(s.name())
                                                    || (l.supervised()
                                                            && s.name().equals("supervisor")))
                            .orElse(s.running() || isInfra(s));
            if (expected && !s.healthy()) {
                problems.add(
                        s.name()
                                + " is "
                                + row.health().toLowerCase(Locale.ROOT)
                                + ": "
                                + row.detail());
            }
        }
        return new Report(rows, problems, stack.config().dataDir().toString());
    }

    private static boolean isInfra(ServiceState s) {
        return s.name().equals("kafka") || s.name().equals("postgres");
    }

    static void printTable(List<Row> rows, PrintStream out) {
        out.printf(
                "%-19s %-8s %-31s %-31s %-9s %-8s %-10s %s%n",
                "SERVICE", "PID", "ADDRESS", "METRICS", "HEALTH", "RESTARTS", "DATA", "DETAIL");
        for (Row r : rows) {
            ServiceState s = r.state();
            out.printf(
                    "%-19s %-8s %-31s %-31s %-9s %-8s %-10s %s%n",
                    s.name(),
                    s.pid().map(String::valueOf).orElse("-"),
                    s.address(),
                    r.metrics(),
                    r.health(),
                    r.restarts(),
                    humanBytes(s.dataBytes()),
                    r.detail());
        }
    }

    /** The rows of the running processes, for {@code up} when everything already runs. */
    static void printRunning(LocalStack stack, PrintStream out) {
        printTable(report(stack).rows().stream().filter(r -> r.state().running()).toList(), out);
    }

    static String toJson(Report report) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataDir", report.dataDir());
        root.put("healthy", report.healthy());
        root.put("problems", report.problems());
        root.put(
                "services",
                report.rows().stream()
                        .map(
                                r -> {
                                    ServiceState s = r.state();
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("name", s.name());
                                    m.put("pid", s.pid().orElse(null));
                                    m.put("address", s.address());
                                    m.put("metrics", r.metrics());
                                    m.put("running", s.running());
                                    m.put("healthy", s.healthy());
                                    m.put("restarts", r.restarts());
                                    m.put("gaveUp", r.gaveUp());
                                    m.put("dataBytes", s.dataBytes());
                                    m.put("detail", r.detail());
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
