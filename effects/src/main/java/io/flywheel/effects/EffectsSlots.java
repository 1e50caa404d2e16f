package io.flywheel.effects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Chooses the arm of each video of a segment, one video at a time, repeats allowed. A video
 * exploits with probability {@code 1 - explorationShare}: the posterior mean's best arm. Otherwise
 * it explores one parameter: a posterior draw at random gives its own best arm, and the video takes
 * the mean's best arm with one parameter (chosen at random among those in which the two differ) set
 * as the draw has it. An exploration video so costs at most one parameter's doubt, and asks about
 * the parameters the posterior is least sure of, as often as the draws disagree with the mean; a
 * whole draw's best arm changes several parameters at once and costs far more. The batch jobs and
 * the strategy API both choose with this class.
 */
public final class EffectsSlots {
    private EffectsSlots() {}

    /** One video's arm, whether it explores, and the probability the rule gives its arm. */
    public record Slot(BestArm.Choice choice, boolean explore, double probability) {}

    /**
     * {@code count} videos of a segment; {@code values} and {@code hours} are the space searched
     * (one list of values per content parameter, in {@link EffectsLayout#CONTENT}'s order).
     */
    public static List<Slot> fill(
            EffectsModel m,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours,
            int count,
            double explorationShare,
            RandomGenerator random) {
        return fill(plan(m, platform, niche, values, hours), count, explorationShare, random);
    }

    /**
     * What {@link #fill} chooses from: the mean's best arm (an exploiting video's), each draw's
     * exploration variants, and the probability of each arm an exploration video can take.
     */
    public record Plan(
            BestArm.Choice best,
            List<List<BestArm.Choice>> byDraw,
            Map<BestArm.Choice, Double> exploreProbability) {}

    /** The plan of a segment over the space searched ({@link #fill}'s arguments). */
    public static Plan plan(
            EffectsModel m,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        BestArm.Choice best = BestArm.of(m.layout(), m.mean(), platform, niche, values, hours);
        List<List<BestArm.Choice>> byDraw = variantsByDraw(m, best, platform, niche, values, hours);
        // the probability of each arm an exploration video can take: over draws, then over the
        // parameters in which the draw's best differs from the mean's
        Map<BestArm.Choice, Double> exploreProbability = new HashMap<>();
        for (List<BestArm.Choice> variants : byDraw) {
            for (BestArm.Choice v : variants) {
                exploreProbability.merge(v, 1.0 / byDraw.size() / variants.size(), Double::sum);
            }
        }
        if (byDraw.isEmpty()) {
            // no draws: an exploration video takes the mean's best too
            exploreProbability.put(best, 1.0);
        }
        return new Plan(best, byDraw, exploreProbability);
    }

    /** {@code count} videos chosen by a plan. */
    public static List<Slot> fill(
            Plan plan, int count, double explorationShare, RandomGenerator random) {
        if (!(explorationShare >= 0 && explorationShare <= 1)) {
            throw new IllegalArgumentException("exploration share must be in [0, 1]");
        }
        List<Slot> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean explore = random.nextDouble() < explorationShare;
            BestArm.Choice c = plan.best();
            if (explore && !plan.byDraw().isEmpty()) {
                List<BestArm.Choice> variants =
                        plan.byDraw().get(random.nextInt(plan.byDraw().size()));
                c = variants.get(random.nextInt(variants.size()));
            }
            double p =
                    (c.equals(plan.best()) ? 1 - explorationShare : 0)
                            + explorationShare * plan.exploreProbability().getOrDefault(c, 0.0);
            out.add(new Slot(c, explore, Math.min(1.0, p)));
        }
        return out;
    }

    /**
     * Every arm {@link #fill} can give a video of the segment: the mean's best first, then the
     * exploration variants of every draw, each once, in the draws' order.
     */
    public static List<BestArm.Choice> reachable(
            EffectsModel m,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        BestArm.Choice best = BestArm.of(m.layout(), m.mean(), platform, niche, values, hours);
        java.util.LinkedHashSet<BestArm.Choice> out = new java.util.LinkedHashSet<>();
        out.add(best);
        variantsByDraw(m, best, platform, niche, values, hours).forEach(out::addAll);
        return List.copyOf(out);
    }

    /** Each draw's exploration variants of the mean's best ({@link #variants}), in draw order. */
    private static List<List<BestArm.Choice>> variantsByDraw(
            EffectsModel m,
            BestArm.Choice best,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        List<List<BestArm.Choice>> out = new ArrayList<>(m.members());
        for (double[] draw : m.draws()) {
            out.add(variants(best, BestArm.of(m.layout(), draw, platform, niche, values, hours)));
        }
        return out;
    }

    /** The mean's best with one differing parameter of {@code draw}'s (the best if none). */
    static List<BestArm.Choice> variants(BestArm.Choice best, BestArm.Choice draw) {
        List<BestArm.Choice> out = new ArrayList<>();
        for (int c = 0; c < best.content().size(); c++) {
            if (!best.content().get(c).equals(draw.content().get(c))) {
                List<String> v = new ArrayList<>(best.content());
                v.set(c, draw.content().get(c));
                out.add(new BestArm.Choice(List.copyOf(v), best.hour()));
            }
        }
        if (best.hour() != draw.hour()) {
            out.add(new BestArm.Choice(best.content(), draw.hour()));
        }
        if (out.isEmpty()) {
            out.add(best);
        }
        return out;
    }
}
