package io.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The supervisor's record of each process, kept in the run directory so {@code status} and the demo
 * can read it and a restarted supervisor goes on counting: restarts in all and within the window,
 * when it went down, and whether the supervisor gave up on a crash loop (and why).
 */
final class SupervisorState {
    static final String FILE = "supervisor.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One process. Mutable: the supervisor updates it in place and writes the whole state. */
    static final class Entry {
        public long restarts;
        public List<Long> recentRestarts = new ArrayList<>();
        public long downSince;
        public boolean gaveUp;
        public String reason = "";
    }

    public Map<String, Entry> services = new TreeMap<>();

    Entry entry(String service) {
        return services.computeIfAbsent(service, s -> new Entry());
    }

    static SupervisorState read(Path runDir) {
        Path f = runDir.resolve(FILE);
        try {
            return Files.isRegularFile(f)
                    ? JSON.readValue(f.toFile(), SupervisorState.class)
                    : new SupervisorState();
        } catch (IOException e) {
            return new SupervisorState(); // a torn or foreign file: start counting anew
        }
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void write(Path runDir) {
        Launched.writeAtomically(runDir.resolve(FILE), this);
    }

    /** {@code up} starts a process afresh: forget that the supervisor gave up on it. */
    static void forgive(Path runDir, List<String> serviceNames) {
        SupervisorState s = read(runDir);
        for (String name : serviceNames) {
            Entry e = s.services.get(name);
            if (e != null) {
                e.gaveUp = false;
                e.reason = "";
                e.downSince = 0;
                e.recentRestarts.clear();
            }
        }
        s.write(runDir);
    }
}
