package io.flywheel.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster profile loses a node of each kind and nothing is lost or doubled: {@code up --profile
 * cluster}, every node healthy in {@code status} and seen by kcat, Flink's REST API and the Spark
 * master's JSON, then a demo cycle while a Kafka node and a render worker (rendering), a Flink
 * TaskManager running the KPI job (live KPIs) and a Spark worker (learning) are killed with
 * SIGKILL. {@link ClusterNodeLossBench} holds every check; this runs it in the suite.
 */
class ClusterNodeLossTest {
    @Test
    void aNodeOfEachKindIsKilledAndTheKnownAnswerHolds(@TempDir Path work) throws Exception {
        ClusterNodeLossBench.Result r = ClusterNodeLossBench.runIn(work);
        System.out.println(r.line());
        assertThat(r.jobs()).isPositive();
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
    }
}
