package io.flywheel.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every address, path and credential a Flywheel process needs, in one place. Load it with {@link
 * ConfigLoader}; print it with {@link #describe()}, which masks secrets.
 *
 * @param home the checkout or installation (the broker's jars and the shipped files are found
 *     there)
 * @param dataDir everything Flywheel writes lives below this directory
 * @param listenAddress the address local services bind to (loopback unless configured)
 * @param simulator the sandbox platform's simulated audience
 * @param api how the strategy API serves
 */
public record FlywheelConfig(
        Path home,
        Path dataDir,
        String listenAddress,
        KafkaSettings kafka,
        PostgresSettings postgres,
        SimulatorSettings simulator,
        ApiSettings api) {

    /** The configuration as key = value lines, secrets masked, for start-up logs and `config`. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        out.put("home", home.toString());
        out.put("data.dir", dataDir.toString());
        out.put("listen.address", listenAddress);
        out.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        out.put("kafka.embedded", Boolean.toString(kafka.embedded()));
        out.put("kafka.broker.port", Integer.toString(kafka.brokerPort()));
        out.put("kafka.controller.port", Integer.toString(kafka.controllerPort()));
        out.put("kafka.broker.lib", kafka.brokerLibDir().toString());
        out.put("kafka.topic.prefix", kafka.topicPrefix());
        out.put("kafka.topic.partitions", Integer.toString(kafka.partitions()));
        out.put("kafka.topic.replication.factor", Short.toString(kafka.replicationFactor()));
        out.put("kafka.topic.retention.ms", Long.toString(kafka.retentionMs()));
        out.put("postgres.host", postgres.host());
        out.put("postgres.port", Integer.toString(postgres.port()));
        out.put("postgres.database", postgres.database());
        out.put("postgres.user", postgres.user());
        out.put("postgres.password", postgres.password().toString());
        out.put("postgres.embedded", Boolean.toString(postgres.embedded()));
        out.put("simulator.world", simulator.world());
        out.put("simulator.seed", Long.toString(simulator.seed()));
        out.put("simulator.period.minutes", Integer.toString(simulator.periodMinutes()));
        out.put("simulator.time.compression", Double.toString(simulator.timeCompression()));
        out.put("api.port", Integer.toString(api.port()));
        out.put("api.media.dir", api.mediaDir().toString());
        out.put("api.model.dir", api.modelDir().toString());
        out.put("api.rate.per.second", Double.toString(api.ratePerSecond()));
        out.put("api.rate.burst", Integer.toString(api.rateBurst()));
        out.put("api.max.body.bytes", Integer.toString(api.maxBodyBytes()));
        out.put("api.cors.origins", String.join(",", api.corsOrigins()));
        return out;
    }

    /** A sub-directory of the data directory, refusing anything that would escape it. */
    public Path dataPath(String first, String... more) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path p = root.resolve(Path.of(first, more)).normalize();
        if (!p.startsWith(root)) {
            throw new ConfigException("path escapes the data directory: " + p);
        }
        return p;
    }
}
