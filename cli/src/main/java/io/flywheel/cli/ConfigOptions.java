package io.flywheel.cli;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command shares: where the data lives and which config file to read. */
public final class ConfigOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: ./data, or data.dir in the config).")
    Path dataDir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file (properties). Default: $FLYWHEEL_CONFIG if set.")
    Path configFile;

    @Option(
            names = "--profile",
            paramLabel = "embedded|cluster",
            description =
                    "embedded (default) or cluster; once `up` started a profile, the other commands"
                            + " follow it.")
    String profile;

    /** The config file in effect, if any (flag, then $FLYWHEEL_CONFIG). */
    public Optional<Path> file() {
        return Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(System.getenv("FLYWHEEL_CONFIG")).map(Path::of));
    }

    FlywheelConfig load() {
        return load(Map.of());
    }

    /** The config with a command's own settings on top (e.g. the demo's world). */
    public FlywheelConfig load(Map<String, String> settings) {
        Map<String, String> env = System.getenv();
        Map<String, String> overrides = new HashMap<>(settings);
        if (dataDir != null) {
            overrides.put("data.dir", dataDir.toAbsolutePath().toString());
        }
        Optional<Path> file =
                Optional.ofNullable(configFile)
                        .or(() -> Optional.ofNullable(env.get("FLYWHEEL_CONFIG")).map(Path::of));
        if (profile != null) {
            overrides.put("profile", profile);
        }
        Path home = ConfigLoader.homeFrom(env);
        FlywheelConfig config = ConfigLoader.load(file, env, overrides, home);
        Path runDir = config.dataPath("run");
        if (profile == null
                && !env.containsKey(ConfigLoader.envName("profile"))
                && !config.cluster().enabled()
                && ClusterProfile.remembered(runDir).filter("cluster"::equals).isPresent()) {
            overrides.put("profile", "cluster");
            config = ConfigLoader.load(file, env, overrides, home);
        }
        if (config.cluster().enabled() && config.storage().s3AccessKey().isEmpty()) {
            String[] keys = ClusterProfile.localCredentials(runDir);
            overrides.put("storage.s3.access.key", keys[0]);
            overrides.put("storage.s3.secret.key", keys[1]);
            config = ConfigLoader.load(file, env, overrides, home);
        }
        System.setProperty("flywheel.log.dir", config.dataPath("logs").toString());
        return config;
    }
}
