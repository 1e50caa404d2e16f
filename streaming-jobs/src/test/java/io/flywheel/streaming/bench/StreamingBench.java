package io.flywheel.streaming.bench;

import com.sun.management.OperatingSystemMXBean;
import io.flywheel.config.StreamingSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VisualStyle;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.FlinkSetup;
import io.flywheel.streaming.Jdbc;
import io.flywheel.streaming.TestDatabase;
import io.flywheel.streaming.engagement.EngagementKpiJob;
import io.flywheel.streaming.source.Inbound;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * bench/streaming: produces N engagement events into the real broker, then measures in the same run
 * (1) the raw consume rate of a plain Kafka consumer over that topic (the floor), (2) the
 * EngagementKpiJob's sustained throughput over the same events, and (3) the end-to-end latency from
 * event time to the row visible in PostgreSQL at a fixed offered load.
 */
public final class StreamingBench {
    static final int PARTITIONS = 4;
    static final int VIDEOS = 2_000;
    static final int ARMS = 60;

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(env("BENCH_EVENTS", "2000000"));
        int rate = Integer.parseInt(env("BENCH_LATENCY_RATE", "20000"));
        int latencySeconds = Integer.parseInt(env("BENCH_LATENCY_SECONDS", "20"));
        int cores = Runtime.getRuntime().availableProcessors();
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        System.out.printf(
                "cores=%d events=%d latency_rate=%d/s for %d s%n",
                cores, events, rate, latencySeconds);

        // 1. Produce.
        String prefix = "bench" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Fixture f = new Fixture(new Random(1));
        createTopics(bootstrap, prefix);
        f.produceArms(bootstrap, prefix);
        long t0 = System.nanoTime();
        f.produceEngagement(bootstrap, prefix, events, 0);
        double produceS = seconds(t0);
        System.out.printf(
                "produce: %d events in %.1f s (%.0f ev/s)%n", events, produceS, events / produceS);

        // 2. The floor: a plain consumer reading the same bytes.
        t0 = System.nanoTime();
        long read = rawConsume(bootstrap, Topic.ENGAGEMENT_EVENTS.name(prefix), events);
        double rawS = seconds(t0);
        double rawRate = read / rawS;
        System.out.printf("raw consume: %d records in %.2f s (%.0f ev/s)%n", read, rawS, rawRate);

        // 3. The job over the same events, bounded: from its first record to the end of its sinks.
        Path checkpoints = Files.createTempDirectory("bench-checkpoints");
        StreamingSettings s = settings(checkpoints);
        // Sustained throughput is a warm job's: a 2M-event run lasts 10-15 s, and in a fresh JVM
        // about a third of its CPU is the JIT compiler while the job's own code runs interpreted
        // or half-compiled (session 6, async-profiler). So the same job runs first once in this
        // JVM over the same events (its own consumer group, database and checkpoints), reported
        // as the cold figure; the measured run comes second. BENCH_WARMUP=0 runs the cold one only.
        double coldRate = Double.NaN;
        if (!"0".equals(env("BENCH_WARMUP", "1"))) {
            Jdbc.Target warmDb = TestDatabase.migrated("benchwarm");
            StreamingSettings ws = settings(Files.createTempDirectory("bench-warm-checkpoints"));
            boundedJob(bootstrap, prefix, warmDb, prefix + "warm", ws).execute("bench-cold");
            double coldS = (System.nanoTime() - FirstRecord.FIRST.get()) / 1e9;
            coldRate = events / coldS;
            long coldCounted = scalar(warmDb, "SELECT sum(events) FROM kpi_video_totals");
            System.out.printf(
                    "cold job (first in this JVM): %d events in %.2f s from first record: %.0f ev/s,"
                            + " %.0f per core; kpi_video_totals counts %d%n",
                    events, coldS, coldRate, coldRate / cores, coldCounted);
        }
        Jdbc.Target db = TestDatabase.migrated("bench");
        StreamExecutionEnvironment env = boundedJob(bootstrap, prefix, db, prefix + "kpi", s);
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // e.g. "event=itimer,interval=1ms,threads": async-profiler over the timed part of the
        // throughput phase (from the job's first record, see FirstRecord, to the end of its sinks).
        String profile = env("BENCH_ASPROF", "");
        FirstRecord.profile = profile;
        // Task threads end with the job: sample every thread's CPU while it runs, keep the last.
        Map<String, Long> threadCpuEnd = new java.util.concurrent.ConcurrentHashMap<>();
        Thread sampler =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                threadCpuEnd.putAll(threadCpuTicks());
                                try {
                                    Thread.sleep(100);
                                } catch (InterruptedException stop) {
                                    return;
                                }
                            }
                        },
                        "bench-cpu-sampler");
        sampler.setDaemon(true);
        boolean threadCpu = !env("BENCH_THREAD_CPU", "").isEmpty();
        FirstRecord.threadCpu = threadCpu;
        if (threadCpu) {
            sampler.start(); // ~2% of the CPU of a run: opt-in
        }
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        env.execute("bench-throughput");
        long end = System.nanoTime();
        sampler.interrupt();
        sampler.join();
        threadCpuEnd.putAll(threadCpuTicks());
        long jitEnd = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        if (!profile.isEmpty()) {
            String out = env("BENCH_ASPROF_OUT", "/tmp/bench-throughput.collapsed");
            one.profiler.AsyncProfiler.getInstance().execute("stop,collapsed,file=" + out);
            System.out.println("async-profiler: " + out);
        }
        double cpuS = (os.getProcessCpuTime() - cpu0) / 1e9;
        double jobS = (end - FirstRecord.FIRST.get()) / 1e9;
        double jobRate = events / jobS;
        System.out.printf(
                "job: %d events in %.2f s from first record (%.2f s with start-up): %.0f ev/s, %.0f per core, %.0f per CPU-second%n",
                events, jobS, (end - start) / 1e9, jobRate, jobRate / cores, events / cpuS);
        // Where the CPU of the timed part went, by thread (from /proc, sampled every 100 ms, so a
        // thread's last 100 ms before it ended may be missing), and the JIT compilers' time in it.
        System.out.printf(
                "jit: %.2f s of compilation from first record to end%n",
                (jitEnd - FirstRecord.jitAtFirst) / 1e3);
        if (threadCpu) {
            System.out.println("cpu by thread, first record to end: " + cpuShares(threadCpuEnd));
        }
        long counted = scalar(db, "SELECT sum(events) FROM kpi_video_totals");
        long windowed =
                scalar(db, "SELECT sum(events) FROM kpi_arm_windows WHERE window_seconds = 60");
        long hourly =
                scalar(db, "SELECT sum(events) FROM kpi_arm_windows WHERE window_seconds = 3600");
        long noArm = scalar(db, "SELECT count(*) FROM kpi_video_totals WHERE arm_id IS NULL");
        System.out.printf(
                "check: kpi_video_totals counts %d events, 1-minute windows %d, hours %d"
                        + " (expected %d each); videos without arm: %d%n",
                counted, windowed, hourly, events, noArm);

        // 4. Latency at a fixed offered load, job running unbounded.
        double[] lat = latency(bootstrap, rate, latencySeconds, s, f);
        System.out.printf(
                "latency at %d ev/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d events)%n",
                rate, lat[0], lat[1], lat[2], (long) lat[3]);

        System.out.printf(
                "RESULT events_per_s=%.0f per_core=%.0f raw_consume_ratio=%.3f p50_ms=%.0f p99_ms=%.0f"
                        + " cold_per_core=%.0f%n",
                jobRate, jobRate / cores, jobRate / rawRate, lat[0], lat[1], coldRate / cores);
        System.exit(0);
    }

    /**
     * The EngagementKpiJob over the produced events, bounded, writing to {@code db} and the KPI
     * topic {@code kpi} (also its consumer group), with {@link FirstRecord} after the source: its
     * clock is reset, so the run's time counts from the job's first record.
     */
    static StreamExecutionEnvironment boundedJob(
            String bootstrap, String prefix, Jdbc.Target db, String kpi, StreamingSettings s)
            throws Exception {
        Endpoints e = new Endpoints(bootstrap, prefix, db, kpi, kpi, true, 0);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSetup.configuration(s));
        FlinkSetup.configure(env, s);
        FirstRecord.reset();
        EngagementKpiJob.attach(
                env,
                e,
                s,
                Duration.ofSeconds(1),
                d -> d.map(new FirstRecord()).name("first record").uid("first-record"));
        return env;
    }

    static StreamingSettings settings(Path checkpoints) {
        return new StreamingSettings(
                2,
                Duration.ofSeconds(10),
                "hashmap",
                checkpoints,
                0,
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofHours(24),
                Duration.ofMillis(200),
                50_000_000L,
                io.flywheel.config.ConfigLoader.defaults().streaming().trend());
    }

    static double[] latency(String bootstrap, int rate, int seconds, StreamingSettings s, Fixture f)
            throws Exception {
        String prefix = "benchlat" + UUID.randomUUID().toString().substring(0, 6) + ".";
        createTopics(bootstrap, prefix);
        f.produceArms(bootstrap, prefix);
        Jdbc.Target db = TestDatabase.migrated("benchlat");
        Endpoints e =
                new Endpoints(bootstrap, prefix, db, prefix + "kpi", prefix + "kpi", false, 0);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSetup.configuration(s));
        FlinkSetup.configure(env, s);
        EngagementKpiJob.attach(env, e, s, Duration.ofSeconds(1), d -> d);
        JobClient job = env.executeAsync("bench-latency");
        Thread.sleep(3_000); // let the job reach RUNNING and its sources assign partitions

        // Send at the fixed rate with event time = now, remembering each video's send times.
        Map<Integer, List<Long>> sentTimes = new HashMap<>();
        Thread producer =
                new Thread(
                        () -> {
                            try {
                                f.produceAtRate(bootstrap, prefix, rate, seconds, sentTimes);
                            } catch (Exception ex) {
                                throw new RuntimeException(ex);
                            }
                        });
        producer.start();

        // Poll PostgreSQL: when a video's count rises from a to b, events a+1..b became visible
        // now.
        Map<String, Long> seen = new HashMap<>();
        List<Long> samples = new ArrayList<>();
        long warmupEnd = System.currentTimeMillis() + 3_000;
        long stopAt = System.currentTimeMillis() + seconds * 1000L + 5_000;
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement()) {
            while (System.currentTimeMillis() < stopAt) {
                try (ResultSet rs =
                        st.executeQuery("SELECT video_id, events FROM kpi_video_totals")) {
                    long now = System.currentTimeMillis();
                    while (rs.next()) {
                        String video = rs.getString(1);
                        long count = rs.getLong(2);
                        long before = seen.getOrDefault(video, 0L);
                        if (count > before) {
                            List<Long> times;
                            synchronized (sentTimes) {
                                times = sentTimes.get(f.indexOf(video));
                                for (long i = before; i < count; i++) {
                                    long t = times.get((int) i);
                                    if (t >= warmupEnd) {
                                        samples.add(now - t);
                                    }
                                }
                            }
                            seen.put(video, count);
                        }
                    }
                }
                Thread.sleep(10);
            }
        }
        producer.join();
        job.cancel().get();
        long[] a = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (a.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        return new double[] {
            a[(int) Math.ceil(0.50 * a.length) - 1],
            a[(int) Math.ceil(0.99 * a.length) - 1],
            a[a.length - 1],
            a.length
        };
    }

    /** Records when the job's first record arrives: the start of its sustained throughput. */
    static final class FirstRecord implements MapFunction<Inbound, Inbound> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong FIRST = new AtomicLong();
        static volatile String profile = "";
        static volatile long jitAtFirst;
        static volatile boolean threadCpu;
        static volatile Map<String, Long> threadCpuAtFirst = Map.of();

        static void reset() {
            FIRST.set(0);
        }

        @Override
        public Inbound map(Inbound in) {
            if (FIRST.get() == 0 && FIRST.compareAndSet(0, System.nanoTime())) {
                jitAtFirst = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                if (threadCpu) {
                    threadCpuAtFirst = threadCpuTicks();
                }
                if (!profile.isEmpty()) {
                    try {
                        one.profiler.AsyncProfiler.getInstance().execute("start," + profile);
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }
            }
            return in;
        }
    }

    /** CPU ticks (user + system) per live thread of this process, by thread id and name. */
    static Map<String, Long> threadCpuTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks.put(
                            t.getFileName() + " " + stat.substring(open + 1, close),
                            Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException ex) {
            return Map.of();
        }
        return ticks;
    }

    /** Seconds of CPU per thread group (digits in names dropped) since the first record. */
    static String cpuShares(Map<String, Long> end) {
        Map<String, Long> byGroup = new HashMap<>();
        long total = 0;
        for (var e : end.entrySet()) {
            long d = e.getValue() - FirstRecord.threadCpuAtFirst.getOrDefault(e.getKey(), 0L);
            String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            byGroup.merge(name.replaceAll("[0-9]+", "#"), d, Long::sum);
            total += d;
        }
        StringBuilder b = new StringBuilder(String.format("total %.2f s;", total / 100.0));
        byGroup.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .limit(12)
                .forEach(
                        e ->
                                b.append(
                                        String.format(
                                                " %s %.2f s,", e.getKey(), e.getValue() / 100.0)));
        return b.toString();
    }

    static long rawConsume(String bootstrap, String topic, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        long n = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (n < expected) {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(500));
                for (var r : rs) {
                    n++;
                    bytes += r.value().length;
                }
            }
        }
        return bytes > 0 ? n : 0;
    }

    static void createTopics(String bootstrap, String prefix) {
        List<String> names = new ArrayList<>(Topic.allNames(prefix));
        names.add(prefix + Endpoints.KPI_VIDEO_SUFFIX);
        KafkaTopics.ensure(bootstrap, names, PARTITIONS, (short) 1, 3_600_000L);
    }

    static long scalar(Jdbc.Target db, String sql) throws Exception {
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** The videos, their arms, and pre-built event templates. */
    static final class Fixture {
        final Random rnd;
        final String[] videoIds = new String[VIDEOS];
        final byte[][] videoKeys = new byte[VIDEOS][];
        final Platform[] platforms = new Platform[VIDEOS];
        final Map<String, Integer> index = new HashMap<>();
        final EventCodec codec = EventCodec.standard();
        final List<byte[]> requests = new ArrayList<>();
        final List<byte[]> publications = new ArrayList<>();

        Fixture(Random rnd) {
            this.rnd = rnd;
            Platform[] ps = {Platform.YOUTUBE_SHORTS, Platform.TIKTOK, Platform.INSTAGRAM_REELS};
            long t = 1_767_225_600_000L;
            for (int v = 0; v < VIDEOS; v++) {
                String job = uuid();
                videoIds[v] = uuid();
                videoKeys[v] = videoIds[v].getBytes(StandardCharsets.UTF_8);
                index.put(videoIds[v], v);
                int arm = v % ARMS;
                platforms[v] = ps[arm % 3];
                requests.add(
                        codec.encode(
                                ContentRequested.newBuilder()
                                        .setEnvelope(envelope("ContentRequested", t))
                                        .setJobId(job)
                                        .setParameters(
                                                ContentParameters.newBuilder()
                                                        .setPlatform(platforms[v])
                                                        .setNiche("niche-" + arm)
                                                        .setHookStyle(
                                                                HookStyle.values()[1 + arm % 6])
                                                        .setPacing(Pacing.values()[1 + arm % 3])
                                                        .setTargetDurationS(30)
                                                        .setVoice("en-us+f3")
                                                        .setMusicMood(MusicMood.UPBEAT)
                                                        .setCaptionStyle(CaptionStyle.SENTENCE)
                                                        .setVisualStyle(VisualStyle.BOLD)
                                                        .setPostingHour(arm % 24)
                                                        .build())
                                        .setPolicyVersion("manual")
                                        .setSelectionProbability(1.0)
                                        .build()));
                publications.add(
                        codec.encode(
                                VideoPublished.newBuilder()
                                        .setEnvelope(envelope("VideoPublished", t + 1000))
                                        .setVideoId(videoIds[v])
                                        .setJobId(job)
                                        .setPlatform(platforms[v])
                                        .setPlatformVideoId("pv-" + v)
                                        .setPublishedAt(t + 1000)
                                        .build()));
            }
        }

        int indexOf(String video) {
            return index.get(video);
        }

        String uuid() {
            return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        }

        Envelope envelope(String type, long time) {
            return Envelope.newBuilder()
                    .setEventId(uuid())
                    .setEventType(type)
                    .setEventTime(time)
                    .setProducer("bench")
                    .setTraceId(uuid())
                    .build();
        }

        byte[] engagement(int v, long time) {
            long views = rnd.nextInt(50);
            return codec.encode(
                    EngagementObserved.newBuilder()
                            .setEnvelope(envelope("EngagementObserved", time))
                            .setVideoId(videoIds[v])
                            .setPlatform(platforms[v])
                            .setPlatformVideoId("pv-" + v)
                            .setPeriodStart(time - 60_000)
                            .setPeriodEnd(time)
                            .setViews(views)
                            .setEngagedViews(views / 2)
                            .setEstimatedMinutesWatched(views * 0.25)
                            .setAverageViewPercentage(55.0)
                            .setLikes((long) rnd.nextInt(5))
                            .setComments((long) rnd.nextInt(2))
                            .setShares((long) rnd.nextInt(2))
                            .setSubscribersGained((long) rnd.nextInt(2))
                            .setImpressions(views * 4)
                            .build());
        }

        KafkaProducer<byte[], byte[]> producer(String bootstrap) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }

        void produceArms(String bootstrap, String prefix) {
            try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                requests.forEach(
                        r -> p.send(new ProducerRecord<>(Topic.CONTENT_REQUESTS.name(prefix), r)));
                publications.forEach(
                        r -> p.send(new ProducerRecord<>(Topic.PUBLISH_EVENTS.name(prefix), r)));
                p.flush();
            }
        }

        /** N events over an hour of event time, in order per partition, no duplicates. */
        void produceEngagement(String bootstrap, String prefix, long n, long offsetMs) {
            long base = 1_767_225_600_000L + 60_000 + offsetMs;
            double step = 3_600_000.0 / n;
            String topic = Topic.ENGAGEMENT_EVENTS.name(prefix);
            try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                for (long i = 0; i < n; i++) {
                    int v = rnd.nextInt(VIDEOS);
                    p.send(
                            new ProducerRecord<>(
                                    topic, videoKeys[v], engagement(v, base + (long) (i * step))));
                }
                p.flush();
            }
        }

        void produceAtRate(
                String bootstrap,
                String prefix,
                int rate,
                int seconds,
                Map<Integer, List<Long>> sent)
                throws InterruptedException {
            String topic = Topic.ENGAGEMENT_EVENTS.name(prefix);
            int perTick = rate / 100;
            try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                long start = System.currentTimeMillis();
                for (int tick = 0; tick < seconds * 100; tick++) {
                    long due = start + tick * 10L;
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    for (int k = 0; k < perTick; k++) {
                        int v = rnd.nextInt(VIDEOS);
                        long now = System.currentTimeMillis();
                        synchronized (sent) {
                            sent.computeIfAbsent(v, x -> new ArrayList<>()).add(now);
                        }
                        p.send(new ProducerRecord<>(topic, videoKeys[v], engagement(v, now)));
                    }
                }
                p.flush();
            }
        }
    }

    private StreamingBench() {}
}
