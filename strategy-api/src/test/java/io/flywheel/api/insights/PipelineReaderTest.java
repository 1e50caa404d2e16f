package io.flywheel.api.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline view on a real PostgreSQL: a simulated history's jobs are not unrendered work. */
class PipelineReaderTest {
    private HikariDataSource ds;

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    @Test
    void historyJobsAreCountedApartNotAsRequestedOrUnrendered() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("pipelinereader"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "pipeline");
        Database.migrate(ds);
        Jdbi jdbi = Database.jdbi(ds);
        ContentJobStore jobs = new ContentJobStore(jdbi);
        SampleEvents sample = new SampleEvents(7, System.currentTimeMillis());
        for (int i = 0; i < 3; i++) {
            jobs.recordRequested(job(sample, "thompson-e0.20@3"));
        }
        for (int i = 0; i < 5; i++) {
            jobs.recordRequested(job(sample, ContentJobStore.SIMULATED_HISTORY_POLICY));
        }

        PipelineReader reader = new PipelineReader(jdbi);
        List<Map<String, Object>> days = reader.daily(3);

        assertThat(days).hasSize(1);
        assertThat(((Number) days.get(0).get("requested")).longValue()).isEqualTo(3);
        assertThat(((Number) days.get(0).get("rendered")).longValue()).isZero();
        assertThat(reader.statusCounts())
                .containsEntry("requested", 3L)
                .containsEntry(PipelineReader.SIMULATED_HISTORY, 5L)
                .hasSize(2);
    }

    private static ContentRequested job(SampleEvents sample, String policy) {
        ContentRequested e =
                sample.contentRequested(sample.uuid(), sample.uuid(), sample.parameters());
        e.setPolicyVersion(policy);
        return e;
    }
}
