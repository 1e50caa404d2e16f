package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void brokerAnswersAndTopicsAreCreatedOnceWithTheirSettings() throws Exception {
        KafkaBroker broker = Ephemeral.kafka();
        String bootstrap = broker.spec().bootstrapServers();

        List<String> first =
                KafkaTopics.ensure(bootstrap, List.of("t.a", "t.b"), 3, (short) 1, 86_400_000L);
        List<String> again =
                KafkaTopics.ensure(bootstrap, List.of("t.a", "t.b"), 3, (short) 1, 86_400_000L);

        assertThat(first).containsExactlyInAnyOrder("t.a", "t.b");
        assertThat(again).isEmpty();
        assertThat(broker.state().healthy()).isTrue();
        assertThat(broker.state().pid()).isPresent();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d =
                    admin.describeTopics(List.of("t.a"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("t.a");
            assertThat(d.partitions()).hasSize(3);
            var cfg =
                    admin.describeConfigs(
                                    List.of(new ConfigResource(ConfigResource.Type.TOPIC, "t.a")))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .values()
                            .iterator()
                            .next();
            assertThat(cfg.get("retention.ms").value()).isEqualTo("86400000");
        }
    }
}
