package io.flywheel.effects;

/**
 * The prior of the effects model, as standard deviations on the log scale of the outcome. Effects
 * start at zero. The content effects' standard deviations are only where the fit starts: each group
 * of them (a parameter's overall effects, its platform deviations, its niche deviations, a pair of
 * parameters) gets the spread its data show (empirical Bayes), never below {@code floor}.
 * Intercepts and posting-hour curves keep theirs: a curve's second difference between neighbouring
 * hours (cyclic, 23 h next to 0 h) has the small standard deviation {@code hourBend}.
 */
public record EffectsPrior(
        double intercept,
        double main,
        double deviation,
        double pair,
        double hour,
        double hourBend,
        double floor) {
    public static final EffectsPrior DEFAULT =
            new EffectsPrior(1.0, 0.15, 0.05, 0.05, 0.3, 0.1, 0.01);

    public EffectsPrior {
        for (double sd : new double[] {intercept, main, deviation, pair, hour, hourBend, floor}) {
            if (!(sd > 0)) {
                throw new IllegalArgumentException("prior standard deviations must be > 0");
            }
        }
    }

    double sd(EffectsLayout.Kind kind) {
        return switch (kind) {
            case INTERCEPT -> intercept;
            case MAIN -> main;
            case DEVIATION -> deviation;
            case PAIR -> pair;
            case HOUR -> hour;
        };
    }
}
