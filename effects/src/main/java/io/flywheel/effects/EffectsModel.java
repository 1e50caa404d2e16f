package io.flywheel.effects;

/**
 * A fitted effects model: the posterior mean of every effect and a set of posterior draws (in
 * antithetic pairs, so the draws' mean is the posterior mean exactly). The outcome is modelled as
 * {@code log(1 + y) = centre + Σ active effects + noise}, noise with variance {@code noise}; {@code
 * variances} are the effect groups' prior variances the fit found ({@link EffectsLayout#group}).
 */
public record EffectsModel(
        EffectsLayout layout,
        double centre,
        double noise,
        int rows,
        double[] variances,
        double[] mean,
        double[][] draws) {

    public int members() {
        return draws.length;
    }

    /** The sum of an arm's active effects under coefficients {@code theta} (log scale). */
    public double score(double[] theta, int[] active) {
        double s = 0;
        for (int i : active) {
            s += theta[i];
        }
        return s;
    }

    /** The expected outcome of an arm under coefficients {@code theta}, in the outcome's units. */
    public double expected(double[] theta, int[] active) {
        return Math.max(0, Math.exp(centre + score(theta, active) + noise / 2) - 1);
    }

    /** Each draw's expected outcome of each arm (draws × arms), as an ensemble's members give. */
    public float[][] expectedByDraw(java.util.List<int[]> arms) {
        float[][] out = new float[draws.length][arms.size()];
        for (int k = 0; k < draws.length; k++) {
            for (int a = 0; a < arms.size(); a++) {
                out[k][a] = (float) expected(draws[k], arms.get(a));
            }
        }
        return out;
    }
}
