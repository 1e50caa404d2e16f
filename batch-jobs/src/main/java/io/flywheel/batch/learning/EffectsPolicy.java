package io.flywheel.batch.learning;

import io.flywheel.batch.model.Arm;
import io.flywheel.batch.model.EffectsArms;
import io.flywheel.batch.recommend.CandidateArms;
import io.flywheel.batch.recommend.Recommendation;
import io.flywheel.batch.recommend.Recommender;
import io.flywheel.effects.EffectsFit;
import io.flywheel.effects.EffectsLayout;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsPrior;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/** Screening: the effects model's loop (posterior mean's best, share of posterior draws). */
public final class EffectsPolicy implements Policy {
    private final CandidateArms.Space space;
    private final double share;
    private final EffectsPrior prior;
    private final int draws;
    private final long seed;
    private final Random random;
    private double trainSeconds;
    private double[] lastVariances;

    public EffectsPolicy(
            CandidateArms.Space space, double share, EffectsPrior prior, int draws, long seed) {
        this.space = space;
        this.share = share;
        this.prior = prior;
        this.draws = draws;
        this.seed = seed;
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "flywheel";
    }

    public double trainSeconds() {
        return trainSeconds;
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        Map<String, Integer> perSegment = new LinkedHashMap<>();
        for (String s : slots) {
            perSegment.merge(s, 1, Integer::sum);
        }
        long roundSeed = seed + 1_000L * round;
        Map<String, List<Arm>> chosen = new HashMap<>();
        if (history.isEmpty()) {
            for (var e : perSegment.entrySet()) {
                String[] pn = Segments.split(e.getKey());
                chosen.put(
                        e.getKey(),
                        Recommender.coldStart(
                                        pn[0],
                                        pn[1],
                                        space,
                                        e.getValue(),
                                        roundSeed ^ e.getKey().hashCode())
                                .stream()
                                .map(Recommendation::arm)
                                .toList());
            }
        } else {
            long t = System.nanoTime();
            EffectsModel m = fit(history, perSegment.keySet(), roundSeed);
            trainSeconds += (System.nanoTime() - t) / 1e9;
            for (var e : perSegment.entrySet()) {
                String[] pn = Segments.split(e.getKey());
                Arm best = EffectsArms.best(m, m.mean(), pn[0], pn[1], space);
                Map<Integer, Arm> favourites = new HashMap<>();
                List<Arm> arms = new ArrayList<>();
                for (int i = 0; i < e.getValue(); i++) {
                    if (random.nextDouble() < share) {
                        int k = random.nextInt(m.members());
                        Arm fav =
                                favourites.computeIfAbsent(
                                        k,
                                        x ->
                                                EffectsArms.best(
                                                        m, m.draws()[x], pn[0], pn[1], space));
                        arms.add(SINGLE ? oneChange(best, fav, random) : fav);
                    } else {
                        arms.add(best);
                    }
                }
                chosen.put(e.getKey(), arms);
            }
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

    static final boolean SINGLE = System.getenv("FLYWHEEL_SCREEN_SINGLE") != null;

    /** The exploit arm with one of the parameters in which the draw's favourite differs. */
    static Arm oneChange(Arm best, Arm fav, Random random) {
        List<Integer> differ = new ArrayList<>();
        String[] b = EffectsArms.content(best);
        String[] f = EffectsArms.content(fav);
        for (int c = 0; c < b.length; c++) {
            if (!b[c].equals(f[c])) {
                differ.add(c);
            }
        }
        if (best.postingHour() != fav.postingHour()) {
            differ.add(b.length);
        }
        if (differ.isEmpty()) {
            return best;
        }
        int c = differ.get(random.nextInt(differ.size()));
        if (c == b.length) {
            return new Arm(
                    best.platform(),
                    best.niche(),
                    b[0],
                    b[1],
                    Integer.parseInt(b[2]),
                    b[3],
                    b[4],
                    b[5],
                    b[6],
                    fav.postingHour());
        }
        b[c] = f[c];
        return new Arm(
                best.platform(),
                best.niche(),
                b[0],
                b[1],
                Integer.parseInt(b[2]),
                b[3],
                b[4],
                b[5],
                b[6],
                best.postingHour());
    }

    private EffectsModel fit(
            List<Observation> history, java.util.Set<String> slotSegments, long s) {
        TreeSet<String> platforms = new TreeSet<>();
        TreeSet<String> niches = new TreeSet<>();
        TreeSet<String> segments = new TreeSet<>(slotSegments);
        List<TreeSet<String>> levels = new ArrayList<>();
        for (List<String> vs : CandidateArms.contentValues(space)) {
            levels.add(new TreeSet<>(vs));
        }
        List<Arm> arms = new ArrayList<>();
        double[] y = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            Arm a = history.get(i).arm();
            arms.add(a);
            y[i] = history.get(i).outcome();
            segments.add(a.segment());
            String[] c = EffectsArms.content(a);
            for (int k = 0; k < c.length; k++) {
                levels.get(k).add(c[k]);
            }
        }
        for (String seg : segments) {
            String[] pn = Segments.split(seg);
            platforms.add(pn[0]);
            niches.add(pn[1]);
        }
        EffectsLayout layout =
                new EffectsLayout(
                        List.copyOf(platforms),
                        List.copyOf(niches),
                        List.copyOf(segments),
                        levels.stream().map(l -> (List<String>) List.copyOf(l)).toList());
        EffectsFit fit = new EffectsFit(layout, prior);
        EffectsModel m =
                fit.fit(
                        fit.statistics(EffectsArms.active(layout, arms), y),
                        draws,
                        s,
                        lastVariances);
        lastVariances = m.variances();
        return m;
    }
}
