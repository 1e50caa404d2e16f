package io.flywheel.batch.experiment;

import static org.apache.spark.sql.functions.col;

import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each running experiment in PostgreSQL: per-arm outcomes at the horizon from {@code
 * gold.video_outcomes} with confidence intervals, Welch's t-test against the control, the
 * probability each arm is best, and off-policy estimates (IPS/SNIPS from the logged selection
 * probabilities) of the traffic-split policy and of always choosing each arm. Results replace the
 * experiment's previous ones in {@code experiment_results} and {@code experiment_policy_estimates}.
 */
public final class ExperimentReportJob {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentReportJob.class);
    private static final int RESAMPLES = 2000;

    /** An experiment as defined in PostgreSQL. */
    public record Experiment(String id, String controlArm, Map<String, Double> trafficShares) {}

    private final SparkSession spark;
    private final Lake lake;
    private final Jdbc jdbc;
    private final Clock clock;

    public ExperimentReportJob(SparkSession spark, Lake lake, Jdbc jdbc, Clock clock) {
        this.spark = spark;
        this.lake = lake;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The pure part: gold rows of the experiments with a reached horizon, as observations. */
    public static Dataset<Row> observations(Dataset<Row> gold, List<String> experimentIds) {
        return gold.where(
                        col("horizon_reached")
                                .and(col("experiment_id").isin(experimentIds.toArray()))
                                .and(col("experiment_arm").isNotNull()))
                .select(
                        "experiment_id",
                        "experiment_arm",
                        "selection_probability",
                        "objective_value");
    }

    public int run() {
        List<Experiment> experiments = running();
        String table = lake.table(Lake.GOLD_VIDEO_OUTCOMES);
        if (experiments.isEmpty() || !DeltaWrites.exists(spark, table)) {
            LOG.info("no running experiments or no gold yet: nothing to report");
            return 0;
        }
        return report(spark.read().format("delta").load(table), experiments);
    }

    /** Computes and stores the report of each experiment from these gold rows. */
    public int report(Dataset<Row> gold, List<Experiment> experiments) {
        List<String> ids = experiments.stream().map(Experiment::id).toList();
        Map<String, List<ExperimentStatistics.Observation>> byExperiment = new LinkedHashMap<>();
        for (Row r : observations(gold, ids).collectAsList()) {
            byExperiment
                    .computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                    .add(
                            new ExperimentStatistics.Observation(
                                    r.getString(1), r.getDouble(2), r.getDouble(3)));
        }
        for (Experiment e : experiments) {
            List<ExperimentStatistics.Observation> obs =
                    byExperiment.getOrDefault(e.id(), List.of());
            List<String> arms = new ArrayList<>(e.trafficShares().keySet());
            List<ArmStats> stats =
                    ExperimentStatistics.arms(
                            obs, arms, e.controlArm(), RESAMPLES, e.id().hashCode());
            List<PolicyEstimate> policies = new ArrayList<>();
            policies.add(ExperimentStatistics.offPolicy("traffic-split", e.trafficShares(), obs));
            for (String a : arms) {
                policies.add(ExperimentStatistics.offPolicy("always:" + a, Map.of(a, 1.0), obs));
            }
            store(e.id(), stats, policies);
            LOG.info("experiment {}: {} videos, arms {}", e.id(), obs.size(), stats);
        }
        return experiments.size();
    }

    public List<Experiment> running() {
        Map<String, Experiment> out = new LinkedHashMap<>();
        try (Connection c = jdbc.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT e.experiment_id, e.control_arm, a.arm, a.traffic_share"
                                        + " FROM experiments e JOIN experiment_arms a USING"
                                        + " (experiment_id) WHERE e.status = 'running'"
                                        + " ORDER BY e.experiment_id, a.arm");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.computeIfAbsent(
                                id,
                                k -> {
                                    try {
                                        return new Experiment(
                                                k, rs.getString(2), new LinkedHashMap<>());
                                    } catch (SQLException ex) {
                                        throw new IllegalStateException(ex);
                                    }
                                })
                        .trafficShares()
                        .put(rs.getString(3), rs.getDouble(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read experiments", e);
        }
        return List.copyOf(out.values());
    }

    private void store(String id, List<ArmStats> stats, List<PolicyEstimate> policies) {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = jdbc.connect()) {
            c.setAutoCommit(false);
            try {
                for (String t : List.of("experiment_results", "experiment_policy_estimates")) {
                    try (PreparedStatement d =
                            c.prepareStatement("DELETE FROM " + t + " WHERE experiment_id = ?")) {
                        d.setString(1, id);
                        d.executeUpdate();
                    }
                }
                try (PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO experiment_results (experiment_id, arm, videos,"
                                        + " mean, sd, ci_low, ci_high, diff_vs_control, p_value,"
                                        + " prob_best, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                                        + " ?, ?, ?)")) {
                    for (ArmStats a : stats) {
                        s.setString(1, id);
                        s.setString(2, a.arm());
                        s.setLong(3, a.videos());
                        number(s, 4, a.mean());
                        number(s, 5, a.sd());
                        number(s, 6, a.ciLow());
                        number(s, 7, a.ciHigh());
                        number(s, 8, a.diffVsControl());
                        number(s, 9, a.pValue());
                        number(s, 10, a.probBest());
                        s.setTimestamp(11, now);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO experiment_policy_estimates (experiment_id, policy,"
                                        + " ips, snips, effective_sample_size, videos,"
                                        + " computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (PolicyEstimate p : policies) {
                        s.setString(1, id);
                        s.setString(2, p.policy());
                        number(s, 3, p.ips());
                        number(s, 4, p.snips());
                        number(s, 5, p.effectiveSampleSize());
                        s.setLong(6, p.videos());
                        s.setTimestamp(7, now);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the report of " + id, e);
        }
    }

    /** NaN and null are stored as NULL (too few videos to say). */
    private static void number(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
