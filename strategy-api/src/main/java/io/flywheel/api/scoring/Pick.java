package io.flywheel.api.scoring;

import io.flywheel.model.Arm;

/**
 * One recommended arm.
 *
 * @param arm the parameters to make
 * @param predictedObjective the ensemble's mean prediction, or with an effects model the mean over
 *     its posterior draws of the arm's expected outcome (null on a cold start)
 * @param spread the standard deviation across the ensemble's boosters, or across the effects
 *     model's posterior draws (null on a cold start)
 * @param modelVersion the champion that scored it (null on a cold start)
 * @param exploration whether the video was an exploration draw (a booster's favourite, or with an
 *     effects model the mean's best with one parameter of a posterior draw's best, instead of the
 *     mean's best; every video of a cold start)
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
