package io.flywheel.batch.experiment;

/**
 * One arm's outcome at the horizon: mean with a 95% t-interval, the difference to the control arm
 * with Welch's t-test p-value (two-sided; null for the control itself) and the bootstrap
 * probability that this arm has the highest mean.
 */
public record ArmStats(
        String arm,
        long videos,
        double mean,
        double sd,
        double ciLow,
        double ciHigh,
        Double diffVsControl,
        Double pValue,
        double probBest) {}
