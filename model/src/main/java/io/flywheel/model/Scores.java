package io.flywheel.model;

/**
 * An ensemble's predictions of some arms, and their mean and spread, computed once.
 *
 * @param byMember {@code [member][arm]}
 * @param mean the members' mean per arm
 * @param spread the members' sample standard deviation per arm (0 with one member): how sure the
 *     model is
 */
public record Scores(float[][] byMember, double[] mean, double[] spread) {

    public static Scores of(float[][] byMember) {
        int members = byMember.length;
        int n = members == 0 ? 0 : byMember[0].length;
        double[] mean = new double[n];
        double[] spread = new double[n];
        for (int i = 0; i < n; i++) {
            for (float[] member : byMember) {
                mean[i] += member[i];
            }
            mean[i] /= members;
            double var = 0;
            for (float[] member : byMember) {
                double d = member[i] - mean[i];
                var += d * d;
            }
            spread[i] = members > 1 ? Math.sqrt(var / (members - 1)) : 0.0;
        }
        return new Scores(byMember, mean, spread);
    }

    public int members() {
        return byMember.length;
    }

    public int arms() {
        return mean.length;
    }

    /** The first index of the highest value, so ties always go the same way. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
