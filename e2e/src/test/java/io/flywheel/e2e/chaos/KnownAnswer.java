package io.flywheel.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.KafkaOutput;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The known answer after a run with faults: every job rendered exactly once, every video published
 * exactly once (Kafka, read_committed), and every distinct engagement event on Kafka counted
 * exactly once: in its video's KPI totals (in PostgreSQL and in the video's newest committed
 * snapshot on {@code kpi.video}), or in the late table when it came beyond the allowed lateness.
 * The simulated audience reports a video's past hours at once when it learns of the video late
 * (after a render worker or a broker was killed, for instance); with a day simulated in seconds
 * those reports are hours behind the watermark, and the late table is where the job puts them.
 */
public final class KnownAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KnownAnswer() {}

    /** What Kafka (read_committed) and PostgreSQL say, against each other. */
    public static final class Tally {
        public long jobs;
        public long rendered;
        public long published;
        public long kpiVideos;

        /** Videos whose newest committed snapshot on kpi.video equals the known answer. */
        public long kpiTopicVideos;

        /** Events the KPI job put in the late table: in no total, and not lost. */
        public long late;

        public long lost;
        public long duplicated;
        public final List<String> problems = new ArrayList<>();
    }

    public static Tally tally(String bootstrap, int pg, String password) throws Exception {
        Map<String, Integer> renderedPerJob = new HashMap<>();
        Map<String, Integer> publishedPerVideo = new HashMap<>();
        Map<String, Set<String>> eventsPerVideo = new HashMap<>();
        Map<String, Long> viewsOfEvent = new HashMap<>();
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.RENDER_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoRendered v) {
                renderedPerJob.merge(v.getJobId(), 1, Integer::sum);
            }
        }
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.PUBLISH_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoPublished v) {
                publishedPerVideo.merge(v.getVideoId(), 1, Integer::sum);
            }
        }
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.ENGAGEMENT_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof EngagementObserved e
                    && eventsPerVideo
                            .computeIfAbsent(e.getVideoId(), k -> new HashSet<>())
                            .add(Envelopes.of(e).getEventId())) {
                viewsOfEvent.put(Envelopes.of(e).getEventId(), e.getViews());
            }
        }
        Tally t = new Tally();
        Map<String, long[]> onTime = Map.of();
        String url = "jdbc:postgresql://127.0.0.1:" + pg + "/flywheel";
        try (Connection c = DriverManager.getConnection(url, "flywheel", password);
                Statement st = c.createStatement()) {
            List<String> jobs = strings(st, "SELECT job_id::text FROM content_jobs");
            t.jobs = jobs.size();
            for (String job : jobs) {
                int n = renderedPerJob.getOrDefault(job, 0);
                if (n == 0) {
                    t.lost++;
                    t.problems.add("job " + job + " has no VideoRendered");
                } else if (n > 1) {
                    t.duplicated += n - 1;
                    t.problems.add("job " + job + " has " + n + " VideoRendered");
                }
            }
            t.rendered = renderedPerJob.size();
            List<String> videos = strings(st, "SELECT video_id::text FROM videos");
            for (String video : videos) {
                int n = publishedPerVideo.getOrDefault(video, 0);
                if (n == 0) {
                    t.lost++;
                    t.problems.add("video " + video + " was never published");
                } else if (n > 1) {
                    t.duplicated += n - 1;
                    t.problems.add("video " + video + " was published " + n + " times");
                }
            }
            t.published = publishedPerVideo.size();
            // Flink's KPI sinks commit on checkpoints: give the last ones time to land.
            Map<String, long[]> kpis = Map.of();
            Late late = new Late(Map.of(), List.of());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                kpis = kpis(st);
                late = late(st);
                onTime = onTime(eventsPerVideo, viewsOfEvent, late);
                if (matches(kpis, onTime)) {
                    break;
                }
                Thread.sleep(3000);
            }
            t.kpiVideos = kpis.size();
            for (Map.Entry<String, Set<String>> e : late.ids().entrySet()) {
                Set<String> known = eventsPerVideo.getOrDefault(e.getKey(), Set.of());
                for (String id : e.getValue()) {
                    if (!known.contains(id)) {
                        t.duplicated++;
                        t.problems.add(
                                "late event " + id + " of video " + e.getKey() + " was never sent");
                    }
                }
                t.late += e.getValue().size();
            }
            t.lost += late.notLate().size();
            t.problems.addAll(late.notLate());
            for (Map.Entry<String, long[]> e : onTime.entrySet()) {
                long[] k = kpis.getOrDefault(e.getKey(), new long[] {0, 0});
                long[] want = e.getValue();
                if (k[0] == want[0] && k[1] == want[1]) {
                    continue;
                }
                boolean isShort = k[0] < want[0] || k[1] < want[1];
                if (isShort) {
                    t.lost++;
                } else {
                    t.duplicated++;
                }
                t.problems.add(
                        String.format(
                                Locale.ROOT,
                                "video %s KPIs count %d events / %d views, %s %d / %d (%d events"
                                        + " sent, %d of them in the late table)",
                                e.getKey(),
                                k[0],
                                k[1],
                                isShort ? "short of" : "more than",
                                want[0],
                                want[1],
                                eventsPerVideo.get(e.getKey()).size(),
                                late.ids().getOrDefault(e.getKey(), Set.of()).size()));
            }
        }
        // The same totals on kpi.video: each video's newest committed snapshot.
        Map<String, long[]> snapshots = Map.of();
        long topicDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < topicDeadline) {
            snapshots = snapshots(bootstrap);
            if (matches(snapshots, onTime)) {
                break;
            }
            Thread.sleep(3000);
        }
        for (Map.Entry<String, long[]> e : onTime.entrySet()) {
            long[] k = snapshots.getOrDefault(e.getKey(), new long[] {0, 0});
            long[] want = e.getValue();
            if (k[0] == want[0] && k[1] == want[1]) {
                t.kpiTopicVideos++;
            } else {
                t.problems.add(
                        String.format(
                                Locale.ROOT,
                                "video %s on kpi.video: %d events / %d views, known answer %d / %d",
                                e.getKey(),
                                k[0],
                                k[1],
                                want[0],
                                want[1]));
            }
        }
        return t;
    }

    /** The newest committed snapshot of every video on kpi.video: events and views. */
    private static Map<String, long[]> snapshots(String bootstrap) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(bootstrap, "flywheel.kpi.video")) {
            JsonNode n = JSON.readTree(r.value());
            out.put(
                    n.path("video_id").asText(),
                    new long[] {n.path("events").asLong(), n.path("views").asLong()});
        }
        return out;
    }

    /**
     * The event ids in the late table (beyond the allowed lateness), by video, and the rows whose
     * own event time and watermark do not make them late: an on-time event in the late table is
     * lost from the totals.
     */
    record Late(Map<String, Set<String>> ids, List<String> notLate) {}

    /** The benches run the streaming jobs with the default allowed lateness. */
    private static final long LATENESS_MS =
            ConfigLoader.defaults().streaming().allowedLateness().toMillis();

    private static Late late(Statement st) throws Exception {
        Map<String, Set<String>> ids = new HashMap<>();
        List<String> notLate = new ArrayList<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT video_id, event_id, event_time, watermark_at FROM"
                                + " kpi_late_events WHERE reason = 'beyond_allowed_lateness'")) {
            while (rs.next()) {
                ids.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                Timestamp event = rs.getTimestamp(3);
                Timestamp watermark = rs.getTimestamp(4);
                if (watermark == null || event.getTime() + LATENESS_MS > watermark.getTime()) {
                    notLate.add(
                            "event "
                                    + rs.getString(2)
                                    + " of video "
                                    + rs.getString(1)
                                    + " is in the late table, but its time "
                                    + event.toInstant()
                                    + " is within the allowed lateness of the watermark "
                                    + (watermark == null ? "(none)" : watermark.toInstant()));
                }
            }
        }
        return new Late(ids, notLate);
    }

    /**
     * What each video's totals must count: its distinct events, except those the job put in the
     * late table (events and views).
     */
    private static Map<String, long[]> onTime(
            Map<String, Set<String>> events, Map<String, Long> viewsOfEvent, Late late) {
        Map<String, long[]> out = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : events.entrySet()) {
            Set<String> lateIds = late.ids().getOrDefault(e.getKey(), Set.of());
            long n = 0;
            long views = 0;
            for (String id : e.getValue()) {
                if (!lateIds.contains(id)) {
                    n++;
                    views += viewsOfEvent.get(id);
                }
            }
            if (n > 0) {
                out.put(e.getKey(), new long[] {n, views});
            }
        }
        return out;
    }

    private static boolean matches(Map<String, long[]> kpis, Map<String, long[]> want) {
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            long[] k = kpis.get(e.getKey());
            if (k == null || k[0] != e.getValue()[0] || k[1] != e.getValue()[1]) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, long[]> kpis(Statement st) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery("SELECT video_id, events, views FROM kpi_video_totals")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every committed record of a topic (read_committed), from the start to the end now. */
    private static List<ConsumerRecord<String, DecodeResult>> readAll(
            String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, DecodeResult>> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
