package io.flywheel.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link FlywheelConfig} from, in rising precedence: built-in local defaults, a properties
 * file, environment variables ({@code FLYWHEEL_} + the key in upper case with dots and dashes as
 * underscores, e.g. {@code FLYWHEEL_POSTGRES_PASSWORD}), and explicit overrides (command flags).
 * Unknown keys in the file are an error, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {

    /** The local defaults of the embedded setup; scripts and dashboards can rely on them. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.dir", "data");
        d.put("listen.address", "127.0.0.1");
        d.put("kafka.bootstrap.servers", "");
        d.put("kafka.embedded", "true");
        d.put("kafka.broker.port", "19092");
        d.put("kafka.controller.port", "19093");
        d.put("kafka.broker.lib", "");
        d.put("kafka.topic.prefix", "flywheel.");
        d.put("kafka.topic.partitions", "6");
        d.put("kafka.topic.replication.factor", "1");
        d.put("kafka.topic.retention.ms", Long.toString(30L * 24 * 3600 * 1000));
        d.put("postgres.host", "127.0.0.1");
        d.put("postgres.port", "15432");
        d.put("postgres.database", "flywheel");
        d.put("postgres.user", "flywheel");
        d.put("postgres.password", "flywheel");
        d.put("postgres.embedded", "true");
        d.put("api.port", "18080");
        d.put("api.media.dir", "media");
        d.put("api.model.dir", "models");
        d.put("api.rate.per.second", "50");
        d.put("api.rate.burst", "100");
        d.put("api.max.body.bytes", "1048576");
        d.put("api.cors.origins", "");
        d.put("simulator.world", "baseline");
        d.put("simulator.seed", "1");
        d.put("simulator.period.minutes", "60");
        d.put("simulator.time.compression", "8640");
        DEFAULTS = Map.copyOf(d);
    }

    private ConfigLoader() {}

    /** The environment variable that names a key, e.g. {@code FLYWHEEL_KAFKA_BROKER_PORT}. */
    public static String envName(String key) {
        return "FLYWHEEL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Loads from the process environment: the file is {@code FLYWHEEL_CONFIG} if set. */
    public static FlywheelConfig fromEnvironment(Map<String, String> overrides) {
        Map<String, String> env = System.getenv();
        Optional<Path> file = Optional.ofNullable(env.get("FLYWHEEL_CONFIG")).map(Path::of);
        return load(file, env, overrides, homeFrom(env));
    }

    public static FlywheelConfig load(
            Optional<Path> file,
            Map<String, String> env,
            Map<String, String> overrides,
            Path home) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        file.ifPresent(f -> values.putAll(readFile(f)));
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                values.put(key, v);
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireKnown(e.getKey(), "override");
            values.put(e.getKey(), e.getValue());
        }
        return build(values, home);
    }

    /** Where the checkout or installation is: {@code FLYWHEEL_HOME}, then {@code flywheel.home}. */
    public static Path homeFrom(Map<String, String> env) {
        String h = env.get("FLYWHEEL_HOME");
        if (h == null || h.isBlank()) {
            h = System.getProperty("flywheel.home", ".");
        }
        return Path.of(h).toAbsolutePath().normalize();
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            requireKnown(key, "config file " + file);
            out.put(key, p.getProperty(key).trim());
        }
        return out;
    }

    private static void requireKnown(String key, String where) {
        if (!DEFAULTS.containsKey(key)) {
            throw new ConfigException(
                    "unknown config key '"
                            + key
                            + "' in "
                            + where
                            + "; known keys: "
                            + knownKeys());
        }
    }

    private static Set<String> knownKeys() {
        return new java.util.TreeSet<>(DEFAULTS.keySet());
    }

    private static FlywheelConfig build(Map<String, String> v, Path home) {
        String listen = v.get("listen.address");
        Path dataDir = home.resolve(v.get("data.dir")).toAbsolutePath().normalize();
        int brokerPort = port(v, "kafka.broker.port");
        int controllerPort = port(v, "kafka.controller.port");
        if (brokerPort == controllerPort) {
            throw new ConfigException("kafka.broker.port and kafka.controller.port must differ");
        }
        String bootstrap = v.get("kafka.bootstrap.servers");
        if (bootstrap.isBlank()) {
            bootstrap = listen + ":" + brokerPort;
        }
        String lib = v.get("kafka.broker.lib");
        Path brokerLib =
                lib.isBlank()
                        ? home.resolve("kafka-broker/target/lib")
                        : home.resolve(lib).toAbsolutePath().normalize();
        KafkaSettings kafka =
                new KafkaSettings(
                        bootstrap,
                        bool(v, "kafka.embedded"),
                        brokerPort,
                        controllerPort,
                        brokerLib,
                        v.get("kafka.topic.prefix"),
                        positiveInt(v, "kafka.topic.partitions"),
                        (short) positiveInt(v, "kafka.topic.replication.factor"),
                        positiveLong(v, "kafka.topic.retention.ms"));
        PostgresSettings postgres =
                new PostgresSettings(
                        nonBlank(v, "postgres.host"),
                        port(v, "postgres.port"),
                        nonBlank(v, "postgres.database"),
                        nonBlank(v, "postgres.user"),
                        Secret.of(v.get("postgres.password")),
                        bool(v, "postgres.embedded"));
        SimulatorSettings simulator =
                new SimulatorSettings(
                        nonBlank(v, "simulator.world"),
                        wholeNumber(v, "simulator.seed"),
                        positiveInt(v, "simulator.period.minutes"),
                        positiveDouble(v, "simulator.time.compression"));
        ApiSettings api =
                new ApiSettings(
                        port(v, "api.port"),
                        insideData(dataDir, nonBlank(v, "api.media.dir"), "api.media.dir"),
                        insideData(dataDir, nonBlank(v, "api.model.dir"), "api.model.dir"),
                        positiveDouble(v, "api.rate.per.second"),
                        positiveInt(v, "api.rate.burst"),
                        positiveInt(v, "api.max.body.bytes"),
                        java.util.Arrays.stream(v.get("api.cors.origins").split(","))
                                .map(String::trim)
                                .filter(o -> !o.isEmpty())
                                .toList());
        return new FlywheelConfig(
                home, dataDir, nonBlank(v, "listen.address"), kafka, postgres, simulator, api);
    }

    /** A directory below the data directory (relative paths are resolved against it). */
    private static Path insideData(Path dataDir, String value, String key) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path p = root.resolve(value).normalize();
        if (!p.startsWith(root)) {
            throw new ConfigException(key + " must be inside the data directory, not " + p);
        }
        return p;
    }

    private static String nonBlank(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return s.trim();
    }

    private static boolean bool(Map<String, String> v, String key) {
        String s = nonBlank(v, key).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new ConfigException(key + " must be true or false, not '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }

    private static int port(Map<String, String> v, String key) {
        int p = positiveInt(v, key);
        if (p > 65535) {
            throw new ConfigException(key + " must be a port number (1-65535), not " + p);
        }
        return p;
    }

    private static int positiveInt(Map<String, String> v, String key) {
        long n = positiveLong(v, key);
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException(key + " is too large: " + n);
        }
        return (int) n;
    }

    private static long wholeNumber(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + s + "'", e);
        }
    }

    private static double positiveDouble(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new ConfigException(key + " must be a positive number, not " + s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + s + "'", e);
        }
    }

    private static long positiveLong(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            long n = Long.parseLong(s);
            if (n <= 0) {
                throw new ConfigException(key + " must be positive, not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + s + "'", e);
        }
    }
}
