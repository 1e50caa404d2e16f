package io.flywheel.api.scoring;

/**
 * One recommended arm.
 *
 * @param arm the parameters to make
 * @param predictedObjective the ensemble's mean prediction (null on a cold start)
 * @param spread the standard deviation across the ensemble's boosters (null on a cold start)
 * @param modelVersion the champion that scored it (null on a cold start)
 * @param exploration whether the video was an exploration draw (a booster's favourite instead of
 *     the mean's best; every video of a cold start)
 * @param selectionProbability the probability that the policy picked this arm for its video (on a
 *     cold start, given the arms picked before it), for inverse-propensity (off-policy) evaluation
 */
public record Pick(
        Arm arm,
        Double predictedObjective,
        Double spread,
        String modelVersion,
        boolean exploration,
        double selectionProbability) {}
