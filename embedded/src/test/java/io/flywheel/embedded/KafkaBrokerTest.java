package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void brokerAnswersWithItsPidAndCluster() throws Exception {
        KafkaBroker broker = Ephemeral.kafka();

        assertThat(broker.state().healthy()).isTrue();
        assertThat(broker.state().pid()).isPresent();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.spec().bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
