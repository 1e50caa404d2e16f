package io.flywheel.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Spark "distribution" made from the jars Maven already fetched: a directory with {@code jars/},
 * which is all that Spark's standalone Worker needs of a {@code SPARK_HOME} to launch executors and
 * drivers (its command builder puts {@code $SPARK_HOME/jars/*} on their classpath). No Spark
 * download: the jars are symbolic links into {@code batch-jobs/target/lib}, less those that the
 * spark-submit jar carries (our code, Delta, XGBoost, the Kafka source and client, the JDBC
 * driver), so jobs find those only in the jar they are submitted with, as on a real cluster.
 */
public final class SparkDistribution {
    /**
     * File-name prefixes of the jars that the spark-submit jar shades (batch-jobs/pom.xml's
     * maven-shade-plugin includes); they are not part of the cluster.
     */
    static final List<String> SUBMITTED =
            List.of(
                    "flywheel-",
                    "delta-",
                    "xgboost4j",
                    "spark-sql-kafka-0-10",
                    "spark-token-provider-kafka-0-10",
                    "kafka-clients-",
                    "commons-pool2-",
                    "postgresql-");

    private SparkDistribution() {}

    /** The jars of {@code lib} (batch-jobs' runtime lib) that make up the cluster's Spark. */
    public static List<Path> sparkJars(Path lib) {
        try (Stream<Path> all = Files.list(lib)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> SUBMITTED.stream().noneMatch(s -> name(p).startsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + " (is batch-jobs built?)", e);
        }
    }

    /**
     * Writes {@code home/jars/} with a link to each jar (replacing what was there) and returns
     * {@code home}, to be the Worker's {@code SPARK_HOME}.
     */
    public static Path link(Path home, List<Path> jars) {
        Path dir = home.resolve("jars");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (Path jar : jars) {
                Files.createSymbolicLink(dir.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + dir, e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
