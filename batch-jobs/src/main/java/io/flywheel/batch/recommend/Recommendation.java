package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;

/**
 * One ranked arm of a segment. {@code predictedMean}/{@code predictedSd} are the ensemble members'
 * mean and spread (null in a cold start); {@code thompsonShare} is the share of Thompson draws (one
 * per ensemble member) in which this arm was the best candidate.
 */
public record Recommendation(
        int rank,
        Arm arm,
        Double predictedMean,
        Double predictedSd,
        double thompsonShare,
        boolean exploration) {}
