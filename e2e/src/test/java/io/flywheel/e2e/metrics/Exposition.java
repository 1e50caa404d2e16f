package io.flywheel.e2e.metrics;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names in a Prometheus text exposition: each sample's name, and the declared type of each
 * metric family, so that {@code x_bucket}, {@code x_count} and {@code x_sum} are known to belong to
 * the histogram (or summary) {@code x}.
 */
final class Exposition {
    private final Set<String> samples = new LinkedHashSet<>();
    private final Map<String, String> types = new HashMap<>();

    void add(String text) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("# TYPE ")) {
                String[] p = l.split("\\s+");
                if (p.length >= 4) {
                    types.put(p[2], p[3]);
                }
                continue;
            }
            if (l.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < l.length()
                    && l.charAt(end) != '{'
                    && !Character.isWhitespace(l.charAt(end))) {
                end++;
            }
            samples.add(l.substring(0, end));
        }
    }

    /** Whether a query naming {@code name} finds series here. */
    boolean exports(String name) {
        if (samples.contains(name)) {
            return true;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String type = types.get(family);
                if ("histogram".equals(type)
                        || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return true;
                }
            }
        }
        return false;
    }

    Set<String> samples() {
        return samples;
    }
}
