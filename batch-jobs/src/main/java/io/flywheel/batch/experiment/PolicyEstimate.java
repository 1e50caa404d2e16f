package io.flywheel.batch.experiment;

/**
 * An off-policy estimate of the mean objective a policy would have achieved on the logged videos:
 * inverse propensity scoring (IPS), its self-normalised form (SNIPS, lower variance) and the
 * effective sample size of the importance weights (small means the estimate rests on few videos).
 */
public record PolicyEstimate(
        String policy, double ips, double snips, double effectiveSampleSize, long videos) {}
