package io.flywheel.batch.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;

import io.flywheel.batch.lake.ArmKey;
import io.flywheel.batch.model.EffectsArms;
import io.flywheel.batch.model.SparkFeatures;
import io.flywheel.effects.EffectsFit;
import io.flywheel.effects.EffectsLayout;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Fits the effects model (the {@code effects} module) to a training set of {@code
 * TrainJob.trainingSet}'s shape: the layout from the segments and levels in the rows and in the
 * space, then the sufficient statistics summed over the partitions (one XᵀX per partition, so the
 * rows never leave the executors), then the posterior on the driver. The model the RecommendJob and
 * the strategy API choose arms with; bench/learning fits it through this class too.
 */
public final class EffectsTrainer {
    /** Posterior draws kept: enough that exploration videos of a brief rarely share one. */
    public static final int DRAWS = 64;

    /** The training set's columns the model reads: the arm ({@code Arm.of}) and the label. */
    private static final List<String> COLUMNS = columns();

    private final EffectsPrior prior;
    private final int draws;
    private final long seed;
    private final ParameterSpace space;

    public EffectsTrainer(EffectsPrior prior, int draws, long seed, ParameterSpace space) {
        this.prior = prior;
        this.draws = draws;
        this.seed = seed;
        this.space = space;
    }

    /**
     * The posterior given every row; {@code startVariances} (an earlier model's {@link
     * EffectsModel#variances()}, or null) only shortens the empirical-Bayes loop.
     */
    public EffectsModel fit(Dataset<Row> rows, double[] startVariances) {
        EffectsLayout layout = layout(rows);
        EffectsFit.Statistics stats =
                rows.select(
                                COLUMNS.stream()
                                        .map(org.apache.spark.sql.functions::col)
                                        .toArray(org.apache.spark.sql.Column[]::new))
                        .mapPartitions(
                                (MapPartitionsFunction<Row, EffectsFit.Statistics>)
                                        it -> List.of(statistics(layout, it)).iterator(),
                                Encoders.javaSerialization(EffectsFit.Statistics.class))
                        .reduce(
                                (org.apache.spark.api.java.function.ReduceFunction<
                                                EffectsFit.Statistics>)
                                        EffectsFit.Statistics::merge);
        if (stats.rows() == 0) {
            throw new NotEnoughDataException("no rows to fit the effects model to");
        }
        return new EffectsFit(layout, prior).fit(stats, draws, seed, startVariances);
    }

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("platform", "niche"));
        c.addAll(List.of(ArmKey.PARAMETERS));
        c.add("label");
        return List.copyOf(c);
    }

    private static EffectsFit.Statistics statistics(EffectsLayout layout, Iterator<Row> rows) {
        EffectsFit.Statistics s = new EffectsFit.Statistics(layout.size());
        while (rows.hasNext()) {
            Row r = rows.next();
            s.add(EffectsArms.active(layout, SparkFeatures.arm(r)), r.<Double>getAs("label"));
        }
        return s;
    }

    /**
     * Platforms, niches and segments of the rows; each parameter's levels of the space and rows.
     */
    EffectsLayout layout(Dataset<Row> rows) {
        List<String> content = EffectsLayout.CONTENT;
        List<org.apache.spark.sql.Column> sets = new ArrayList<>();
        sets.add(collect_set(col("platform")));
        sets.add(collect_set(col("niche")));
        sets.add(
                collect_set(
                        org.apache.spark.sql.functions.concat_ws(
                                "/", col("platform"), col("niche"))));
        for (String c : content) {
            sets.add(collect_set(col(c).cast("string")));
        }
        Row r =
                rows.agg(
                                sets.get(0),
                                sets.subList(1, sets.size())
                                        .toArray(new org.apache.spark.sql.Column[0]))
                        .first();
        List<List<String>> levels = new ArrayList<>();
        List<List<String>> spaceValues = space.contentValues();
        for (int c = 0; c < content.size(); c++) {
            TreeSet<String> l = new TreeSet<>(spaceValues.get(c));
            l.addAll(r.<String>getList(3 + c));
            levels.add(List.copyOf(l));
        }
        return new EffectsLayout(
                sorted(r.getList(0)), sorted(r.getList(1)), sorted(r.getList(2)), levels);
    }

    private static List<String> sorted(List<Object> values) {
        TreeSet<String> s = new TreeSet<>();
        values.forEach(v -> s.add(String.valueOf(v)));
        return List.copyOf(s);
    }
}
