package io.flywheel.batch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit jar that {@code mvn verify} builds (this test runs in the verify phase, after
 * the shade): our entry class and what a Spark distribution lacks, and none of the classes that
 * Spark's own jars (the cluster's classpath) provide. Delta's classes live in {@code
 * org.apache.spark.sql.delta} and the Kafka source in {@code org.apache.spark.sql.kafka010}, so the
 * check is against Spark's jars themselves rather than a package prefix.
 */
class SubmitJarTest {
    static final Path TARGET = Path.of("target");
    static final Path JAR = TARGET.resolve("flywheel-batch-jobs-spark.jar");

    @Test
    void holdsTheJobsAndTheirLibrariesButNoClassOfSpark() throws IOException {
        assertThat(JAR).exists();
        List<String> names;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.flywheel.batch.BatchJobMain");
            names = jar.stream().map(ZipEntry::getName).toList();
        }
        assertThat(names)
                .contains(
                        "io/flywheel/batch/BatchJobMain.class",
                        "io/flywheel/batch/train/TrainJob.class",
                        "io/flywheel/config/ConfigLoader.class",
                        "io/delta/tables/DeltaTable.class",
                        "ml/dmlc/xgboost4j/java/Booster.class",
                        "org/apache/spark/sql/kafka010/KafkaSourceProvider.class",
                        "org/postgresql/Driver.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class");
        Set<String> sparkClasses = sparkDistributionClasses();
        assertThat(sparkClasses).contains("org/apache/spark/SparkContext.class");
        assertThat(names.stream().filter(sparkClasses::contains)).isEmpty();
        assertThat(names)
                .noneMatch(n -> n.startsWith("scala/") && n.endsWith(".class"))
                .noneMatch(n -> n.startsWith("org/apache/hadoop/") && n.endsWith(".class"));
        assertThat(Files.size(JAR)).isLessThan(100L << 20);
    }

    /** Every class in Spark's own jars (spark-core, -sql, -catalyst, -mllib, ...) on lib/. */
    private static Set<String> sparkDistributionClasses() throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            for (Path p :
                    lib.filter(
                                    p -> {
                                        String n = p.getFileName().toString();
                                        return n.startsWith("spark-") && !n.contains("kafka-0-10");
                                    })
                            .toList()) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.stream()
                            .map(ZipEntry::getName)
                            .filter(n -> n.endsWith(".class"))
                            .forEach(out::add);
                }
            }
        }
        return out;
    }
}
