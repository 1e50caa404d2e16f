package io.flywheel.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code n} KRaft nodes on one machine, each its own JVM (broker and controller
 * combined, a static quorum of all nodes), each in {@code dir/node-<id>}. Internal topics are
 * replicated to every node (at most 3) with {@code min.insync.replicas} one less, so the cluster
 * keeps accepting {@code acks=all} writes and transactions while any one node is down.
 */
public final class KafkaCluster {
    private final List<KafkaBroker> nodes;

    /**
     * @param ports each node's broker port; controller ports are {@code controllerPorts}
     */
    public KafkaCluster(
            String host,
            List<Integer> ports,
            List<Integer> controllerPorts,
            Path dir,
            Path libDir,
            String heap) {
        if (ports.size() != controllerPorts.size() || ports.isEmpty()) {
            throw new IllegalArgumentException("one broker and one controller port per node");
        }
        String voters =
                java.util.stream.IntStream.range(0, ports.size())
                        .mapToObj(i -> (i + 1) + "@" + host + ":" + controllerPorts.get(i))
                        .collect(Collectors.joining(","));
        String clusterId = clusterId(dir);
        int replication = Math.min(3, ports.size());
        List<KafkaBroker> out = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            out.add(
                    new KafkaBroker(
                            new KafkaBroker.Spec(
                                    host,
                                    ports.get(i),
                                    controllerPorts.get(i),
                                    dir.resolve("node-" + (i + 1)),
                                    libDir,
                                    heap,
                                    new KafkaBroker.Quorum(
                                            i + 1, voters, clusterId, replication))));
        }
        this.nodes = List.copyOf(out);
    }

    public List<KafkaBroker> nodes() {
        return nodes;
    }

    public String bootstrapServers() {
        return nodes.stream()
                .map(n -> n.spec().bootstrapServers())
                .collect(Collectors.joining(","));
    }

    /**
     * Launches every node that is not running, then waits until each answers (no node answers
     * before a majority of controllers runs, so they cannot be started one after another).
     */
    public void start(boolean detached, Duration timeout) {
        List<Process> launched = new ArrayList<>();
        List<KafkaBroker> which = new ArrayList<>();
        for (KafkaBroker n : nodes) {
            if (n.process().isEmpty()) {
                launched.add(n.launch(detached));
                which.add(n);
            }
        }
        for (int i = 0; i < launched.size(); i++) {
            which.get(i).awaitHealthy(launched.get(i), timeout);
        }
    }

    public void stop() {
        nodes.forEach(KafkaBroker::stop);
    }

    /**
     * The cluster id, made once and kept in {@code dir/cluster.id}: every node is formatted with
     * it.
     */
    private static String clusterId(Path dir) {
        Path f = dir.resolve("cluster.id");
        try {
            if (Files.exists(f)) {
                return Files.readString(f).strip();
            }
            Files.createDirectories(dir);
            String id = Uuid.randomUuid().toString();
            Files.writeString(f, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the cluster id in " + f, e);
        }
    }
}
