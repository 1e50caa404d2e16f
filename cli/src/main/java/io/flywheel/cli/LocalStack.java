package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.embedded.ServiceState;
import java.util.ArrayList;
import java.util.List;

/** The services of the embedded default, built from one config. */
final class LocalStack {
    private final FlywheelConfig config;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    LocalStack(FlywheelConfig config) {
        this.config = config;
        this.kafka =
                new KafkaBroker(
                        new KafkaBroker.Spec(
                                config.listenAddress(),
                                config.kafka().brokerPort(),
                                config.kafka().controllerPort(),
                                config.dataPath("kafka"),
                                config.kafka().brokerLibDir(),
                                "1g"));
        this.postgres =
                new PostgresServer(
                        new PostgresServer.Spec(
                                config.listenAddress(),
                                config.postgres().port(),
                                config.dataPath("postgres"),
                                config.dataPath("postgres", "bin"),
                                config.postgres().database(),
                                config.postgres().user(),
                                config.postgres().password()));
    }

    FlywheelConfig config() {
        return config;
    }

    KafkaBroker kafka() {
        return kafka;
    }

    PostgresServer postgres() {
        return postgres;
    }

    boolean kafkaEmbedded() {
        return config.kafka().embedded();
    }

    boolean postgresEmbedded() {
        return config.postgres().embedded();
    }

    /** The state of every local service this config runs. */
    List<ServiceState> states() {
        List<ServiceState> out = new ArrayList<>();
        if (kafkaEmbedded()) {
            out.add(kafka.state());
        }
        if (postgresEmbedded()) {
            out.add(postgres.state());
        }
        return out;
    }
}
