package io.flywheel.batch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.batch.TestDatabase;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportJobTest {
    private static final StructType GOLD =
            new StructType()
                    .add("experiment_id", DataTypes.StringType)
                    .add("experiment_arm", DataTypes.StringType)
                    .add("selection_probability", DataTypes.DoubleType)
                    .add("objective_value", DataTypes.DoubleType)
                    .add("horizon_reached", DataTypes.BooleanType);
    @TempDir Path dir;

    @Test
    void armsGetIntervalsTestsProbabilityOfBestAndOffPolicyEstimates() throws Exception {
        Jdbc jdbc = TestDatabase.create("experiments");
        try (Connection c = jdbc.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO experiments (experiment_id, name, control_arm) VALUES"
                            + " ('exp-1', 'hooks', 'control'), ('exp-2', 'stopped one', 'a')");
            s.execute("UPDATE experiments SET status = 'stopped' WHERE experiment_id = 'exp-2'");
            s.execute(
                    "INSERT INTO experiment_arms (experiment_id, arm, traffic_share, parameters)"
                            + " VALUES ('exp-1', 'control', 0.5, '{}'), ('exp-1', 'bold', 0.25,"
                            + " '{}'), ('exp-1', 'same', 0.25, '{}'), ('exp-2', 'a', 1, '{}')");
        }
        // Planted: "bold" is 120 better than control; "same" equals control. Sd 40.
        Map<String, Double> truth = Map.of("control", 300.0, "bold", 420.0, "same", 300.0);
        Map<String, Double> share = Map.of("control", 0.5, "bold", 0.25, "same", 0.25);
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 800; i++) {
            double u = r.nextDouble();
            String arm = u < 0.5 ? "control" : u < 0.75 ? "bold" : "same";
            counts.merge(arm, 1, Integer::sum);
            double y = truth.get(arm) + r.nextGaussian() * 40;
            rows.add(RowFactory.create("exp-1", arm, share.get(arm), y, true));
        }
        rows.add(RowFactory.create("exp-1", "bold", 0.25, 1e6, false)); // horizon not reached
        rows.add(RowFactory.create("exp-2", "a", 1.0, 5.0, true)); // not running
        Dataset<Row> gold = TestSpark.session().createDataFrame(rows, GOLD);
        ExperimentReportJob job =
                new ExperimentReportJob(
                        TestSpark.session(), new Lake(dir), jdbc, Clock.systemUTC());

        List<ExperimentReportJob.Experiment> running = job.running();
        assertThat(running).extracting(ExperimentReportJob.Experiment::id).containsExactly("exp-1");
        assertThat(job.report(gold, running)).isEqualTo(1);

        Map<String, Map<String, Double>> results = new HashMap<>();
        try (Connection c = jdbc.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT arm, videos, mean, ci_low, ci_high, p_value, prob_best"
                                        + " FROM experiment_results WHERE experiment_id ="
                                        + " 'exp-1'")) {
            while (rs.next()) {
                Map<String, Double> m = new HashMap<>();
                m.put("videos", rs.getDouble(2));
                m.put("mean", rs.getDouble(3));
                m.put("ci_low", rs.getDouble(4));
                m.put("ci_high", rs.getDouble(5));
                double p = rs.getDouble(6);
                m.put("p", rs.wasNull() ? null : p);
                m.put("prob_best", rs.getDouble(7));
                results.put(rs.getString(1), m);
            }
        }
        assertThat(results).containsOnlyKeys("control", "bold", "same");
        assertThat(results.get("bold").get("videos")).isEqualTo(counts.get("bold").doubleValue());
        for (String arm : truth.keySet()) {
            assertThat(results.get(arm).get("ci_low")).isLessThan(truth.get(arm));
            assertThat(results.get(arm).get("ci_high")).isGreaterThan(truth.get(arm));
        }
        assertThat(results.get("control").get("p")).isNull();
        assertThat(results.get("bold").get("p")).isLessThan(1e-6);
        assertThat(results.get("same").get("p")).isGreaterThan(0.01);
        assertThat(results.get("bold").get("prob_best")).isGreaterThan(0.99);

        Map<String, double[]> estimates = new HashMap<>();
        try (Connection c = jdbc.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT policy, ips, snips, effective_sample_size FROM"
                                        + " experiment_policy_estimates WHERE experiment_id ="
                                        + " 'exp-1'")) {
            while (rs.next()) {
                estimates.put(
                        rs.getString(1),
                        new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
            }
        }
        assertThat(estimates)
                .containsOnlyKeys("traffic-split", "always:control", "always:bold", "always:same");
        assertThat(estimates.get("always:bold")[0]).isCloseTo(420, within(420 * 0.1));
        assertThat(estimates.get("always:bold")[1]).isCloseTo(420, within(10.0));
        assertThat(estimates.get("always:bold")[2]).isCloseTo(counts.get("bold"), within(0.001));
        assertThat(estimates.get("traffic-split")[1]).isCloseTo(330, within(10.0));
    }

    @Test
    void welchMatchesAKnownValue() {
        // scipy.stats.ttest_ind([1..5], [2, 4, .., 10], equal_var=False): t = -1.897, p = 0.10753
        Double p =
                ExperimentStatistics.welchP(
                        new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10});
        assertThat(p).isCloseTo(0.10753, within(0.00001));
    }
}
