package io.flywheel.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Reads world files (JSON, documented in docs/worlds.md) and checks them strictly: an unknown
 * parameter, symbol, metric or key is an error naming where it is, so a typo never silently becomes
 * "no effect".
 */
public final class WorldFile {
    /** The worlds shipped in the jar, under {@code worlds/<name>.json}. */
    public static final List<String> BUILTIN =
            List.of("baseline", "hooks-and-pacing", "night-owls");

    static final Set<String> METRICS =
            Set.of(
                    "views",
                    "engagedViews",
                    "estimatedRevenue",
                    "estimatedMinutesWatched",
                    "averageViewDuration",
                    "averageViewPercentage",
                    "likes",
                    "comments",
                    "shares",
                    "subscribersGained",
                    "subscribersLost",
                    "impressions",
                    "reach",
                    "saved");

    private static final Set<String> TOP_KEYS =
            Set.of(
                    "name",
                    "description",
                    "horizon_hours",
                    "segments",
                    "view_effects",
                    "engaged_effects",
                    "interactions",
                    "posting_hours",
                    "rates",
                    "dispersion",
                    "decay_half_life_hours",
                    "reporting_lag_minutes",
                    "unreported");

    private WorldFile() {}

    public static World builtin(String name) {
        if (!BUILTIN.contains(name)) {
            throw new WorldException("no built-in world '" + name + "'; built-in: " + BUILTIN);
        }
        try (InputStream in = WorldFile.class.getResourceAsStream("/worlds/" + name + ".json")) {
            return parse(new ObjectMapper().readTree(in), "built-in world " + name);
        } catch (IOException e) {
            throw new WorldException("cannot read built-in world " + name + ": " + e.getMessage());
        }
    }

    public static World load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new WorldException("cannot read world file " + file + ": " + e.getMessage());
        }
    }

    /** A built-in name or a path to a file. */
    public static World named(String nameOrPath) {
        return BUILTIN.contains(nameOrPath) ? builtin(nameOrPath) : load(Path.of(nameOrPath));
    }

    static World parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new WorldException(where + ": a world file is a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) {
                throw new WorldException(where + ": unknown key '" + k + "'; known: " + TOP_KEYS);
            }
        }
        Map<String, World.SegmentBase> segments = new LinkedHashMap<>();
        JsonNode segs = required(root, "segments", where);
        for (Iterator<Map.Entry<String, JsonNode>> it = segs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] parts = e.getKey().split("/", 2);
            if (parts.length != 2) {
                throw new WorldException(
                        where + ": segment '" + e.getKey() + "' is not PLATFORM/niche");
            }
            checkSymbol("platform", parts[0], where);
            double views = positive(e.getValue(), "views", where + " segment " + e.getKey());
            double rate =
                    probability(e.getValue(), "engaged_rate", where + " segment " + e.getKey());
            JsonNode rpm = e.getValue().get("rpm_usd");
            if (rpm != null && (!rpm.isNumber() || rpm.asDouble() < 0)) {
                throw new WorldException(
                        where
                                + " segment "
                                + e.getKey()
                                + ": 'rpm_usd' must be a number >= 0, not "
                                + rpm);
            }
            segments.put(
                    e.getKey(),
                    new World.SegmentBase(views, rate, rpm == null ? null : rpm.asDouble()));
        }
        if (segments.isEmpty()) {
            throw new WorldException(where + ": segments must not be empty");
        }
        List<World.Interaction> interactions = new ArrayList<>();
        for (JsonNode i : root.path("interactions")) {
            Map<String, String> when = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = required(i, "when", where).fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkSymbol(e.getKey(), e.getValue().asText(), where + " interaction");
                when.put(e.getKey(), e.getValue().asText());
            }
            interactions.add(
                    new World.Interaction(
                            when,
                            i.path("view_effect").asDouble(0),
                            i.path("engaged_effect").asDouble(0)));
        }
        Map<Platform, World.PostingHourCurve> hours = new EnumMap<>(Platform.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("posting_hours").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkSymbol("platform", e.getKey(), where + " posting_hours");
            JsonNode c = e.getValue();
            hours.put(
                    Platform.valueOf(e.getKey()),
                    new World.PostingHourCurve(
                            c.path("peak").asDouble(18),
                            positive(c, "width_hours", where + " posting_hours " + e.getKey()),
                            c.path("amplitude").asDouble(0)));
        }
        JsonNode r = required(root, "rates", where);
        String rw = where + " rates";
        World.Rates rates =
                new World.Rates(
                        probability(r, "like", rw),
                        probability(r, "comment", rw),
                        probability(r, "share", rw),
                        probability(r, "saved", rw),
                        probability(r, "subscribers_gained", rw),
                        probability(r, "subscribers_lost", rw),
                        positive(r, "impressions_per_view", rw),
                        probability(r, "reach_per_impression", rw));
        Map<Platform, Set<String>> unreported = new EnumMap<>(Platform.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("unreported").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkSymbol("platform", e.getKey(), where + " unreported");
            Set<String> metrics = new LinkedHashSet<>();
            for (JsonNode m : e.getValue()) {
                if (!METRICS.contains(m.asText())
                        || m.asText().equals("views")
                        || m.asText().equals("engagedViews")) {
                    throw new WorldException(
                            where
                                    + ": unreported metric '"
                                    + m.asText()
                                    + "' is not one that may be missing (views and engagedViews are always reported)");
                }
                metrics.add(m.asText());
            }
            unreported.put(Platform.valueOf(e.getKey()), metrics);
        }
        return new World(
                text(root, "name", where),
                root.path("description").asText(""),
                positive(root, "horizon_hours", where),
                segments,
                effects(root.path("view_effects"), where + " view_effects"),
                effects(root.path("engaged_effects"), where + " engaged_effects"),
                interactions,
                hours,
                rates,
                positive(root, "dispersion", where),
                positive(root, "decay_half_life_hours", where),
                root.path("reporting_lag_minutes").asDouble(0),
                unreported);
    }

    private static Map<String, Map<String, Double>> effects(JsonNode node, String where) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> vs = param.getValue().fields();
                    vs.hasNext(); ) {
                Map.Entry<String, JsonNode> v = vs.next();
                checkSymbol(param.getKey(), v.getKey(), where);
                if (!v.getValue().isNumber()) {
                    throw new WorldException(
                            where + ": " + param.getKey() + "." + v.getKey() + " must be a number");
                }
                values.put(v.getKey(), v.getValue().asDouble());
            }
            out.put(param.getKey(), values);
        }
        return out;
    }

    /**
     * Checks that a parameter exists and, where its values are a closed set, that the value is one.
     */
    static void checkSymbol(String param, String value, String where) {
        if (!Parameters.NAMES.contains(param)) {
            throw new WorldException(
                    where + ": unknown parameter '" + param + "'; known: " + Parameters.NAMES);
        }
        // A closed set is the field's Avro enum (UNKNOWN only stands for a newer writer's symbol);
        // a number is an int field.
        Schema type = ContentParameters.getClassSchema().getField(param).schema();
        if (type.getType() == Schema.Type.ENUM) {
            List<String> allowed =
                    type.getEnumSymbols().stream().filter(v -> !v.equals("UNKNOWN")).toList();
            if (!allowed.contains(value)) {
                throw new WorldException(
                        where + ": '" + value + "' is not a " + param + "; one of " + allowed);
            }
        }
        if (type.getType() == Schema.Type.INT) {
            try {
                Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new WorldException(
                        where + ": " + param + " '" + value + "' must be a whole number");
            }
        }
    }

    private static JsonNode required(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new WorldException(where + ": '" + key + "' is required");
        }
        return v;
    }

    private static String text(JsonNode n, String key, String where) {
        String s = required(n, key, where).asText();
        if (s.isBlank()) {
            throw new WorldException(where + ": '" + key + "' must not be blank");
        }
        return s;
    }

    private static double positive(JsonNode n, String key, String where) {
        JsonNode v = required(n, key, where);
        if (!v.isNumber() || v.asDouble() <= 0) {
            throw new WorldException(where + ": '" + key + "' must be a positive number, not " + v);
        }
        return v.asDouble();
    }

    private static double probability(JsonNode n, String key, String where) {
        JsonNode v = required(n, key, where);
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() >= 1) {
            throw new WorldException(
                    where + ": '" + key + "' must be a probability in [0, 1), not " + v);
        }
        return v.asDouble();
    }
}
