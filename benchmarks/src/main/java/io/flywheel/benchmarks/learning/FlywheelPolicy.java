package io.flywheel.benchmarks.learning;

import io.flywheel.batch.model.SparkFeatures;
import io.flywheel.batch.recommend.Recommendation;
import io.flywheel.batch.recommend.Recommender;
import io.flywheel.batch.train.EffectsTrainer;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Flywheel's own loop, in process: each round the {@link EffectsTrainer} the TrainJob runs fits the
 * effects model to every outcome observed so far (as Spark rows of the training set's shape), and
 * each video's arm is chosen by {@link Recommender#effectsSlots}, the rule the strategy API fills a
 * brief with, at the round's planned exploration share (none in a campaign's last rounds). Before
 * the first outcome: the cold-start exploration set.
 */
public final class FlywheelPolicy implements Policy {
    /** The training set's columns, as {@code TrainJob.trainingSet} selects them from gold. */
    public static final StructType TRAINING_ROWS =
            SparkFeatures.schema()
                    .add("published_at", DataTypes.LongType)
                    .add("label", DataTypes.DoubleType);

    /**
     * The batch jobs' settings for the effects model, and each round's exploration share (rounds
     * from 0), as {@code BatchSettings.explorationShare(cycle, cycles)} plans a campaign's.
     */
    public record Settings(
            EffectsPrior prior, int draws, IntToDoubleFunction explorationShare, long seed) {}

    private final SparkSession spark;
    private final ParameterSpace space;
    private final Settings settings;
    private final Random random;
    private double trainSeconds;
    private double[] variances;

    public FlywheelPolicy(SparkSession spark, ParameterSpace space, Settings settings) {
        this.spark = spark;
        this.space = space;
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    @Override
    public String name() {
        return "flywheel";
    }

    /** Seconds spent training so far. */
    public double trainSeconds() {
        return trainSeconds;
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        Map<String, Integer> perSegment = new LinkedHashMap<>();
        for (String s : slots) {
            perSegment.merge(s, 1, Integer::sum);
        }
        Map<String, List<Arm>> chosen = new HashMap<>();
        long seed = settings.seed() + 1_000L * round;
        EffectsModel model = history.isEmpty() ? null : train(history, seed);
        for (var e : perSegment.entrySet()) {
            String[] pn = Segments.split(e.getKey());
            chosen.put(
                    e.getKey(),
                    model == null
                            ? Recommender.coldStart(
                                            pn[0],
                                            pn[1],
                                            space,
                                            e.getValue(),
                                            seed ^ e.getKey().hashCode())
                                    .stream()
                                    .map(Recommendation::arm)
                                    .toList()
                            : Recommender.effectsSlots(
                                    model,
                                    pn[0],
                                    pn[1],
                                    space,
                                    e.getValue(),
                                    settings.explorationShare().applyAsDouble(round),
                                    random));
        }
        Map<String, Integer> used = new HashMap<>();
        List<Arm> out = new ArrayList<>();
        for (String s : slots) {
            List<Arm> r = chosen.get(s);
            int k = used.merge(s, 1, Integer::sum) - 1;
            out.add(r.get(Math.min(k, r.size() - 1)));
        }
        return out;
    }

    private EffectsModel train(List<Observation> history, long seed) {
        List<Row> rows = new ArrayList<>();
        for (Observation o : history) {
            Arm a = o.arm();
            rows.add(SparkFeatures.row(a, (long) o.round(), o.outcome()));
        }
        Dataset<Row> data = spark.createDataFrame(rows, TRAINING_ROWS);
        long t = System.nanoTime();
        // the last round's group variances start this round's empirical-Bayes loop, as the
        // TrainJob starts from its champion's
        EffectsModel m =
                new EffectsTrainer(settings.prior(), settings.draws(), seed, space)
                        .fit(data, variances);
        variances = m.variances();
        trainSeconds += (System.nanoTime() - t) / 1e9;
        return m;
    }
}
