package io.flywheel.streaming;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.Topic;

/**
 * Where a job reads and writes: the broker, the topic prefix, PostgreSQL, and the names that must
 * be unique per job (consumer group, transactional-id prefix).
 *
 * @param bounded stop at the offsets that were the latest at start (tests and benchmarks)
 * @param sourceParallelism readers per source; 0 for the job's parallelism (tests read one
 *     partition with one reader so that the record order, and with it lateness, is fixed)
 */
public record Endpoints(
        String bootstrapServers,
        String topicPrefix,
        Jdbc.Target postgres,
        String groupId,
        String transactionalIdPrefix,
        boolean bounded,
        int sourceParallelism) {

    /** Running totals per video, JSON (not an event of record, so not in the schemas' Topic). */
    public static final String KPI_VIDEO_SUFFIX = "kpi.video";

    public static Endpoints of(FlywheelConfig c, String jobName) {
        return new Endpoints(
                c.kafka().bootstrapServers(),
                c.kafka().topicPrefix(),
                new Jdbc.Target(
                        c.postgres().jdbcUrl(),
                        c.postgres().user(),
                        c.postgres().password().reveal()),
                c.kafka().topicPrefix() + jobName,
                c.kafka().topicPrefix() + jobName,
                false,
                0);
    }

    public String topic(Topic t) {
        return t.name(topicPrefix);
    }

    public String kpiVideoTopic() {
        return topicPrefix + KPI_VIDEO_SUFFIX;
    }
}
