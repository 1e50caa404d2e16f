package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;

/** One published video of the loop: its arm, the round it was chosen in, its drawn outcome. */
public record Observation(int round, Arm arm, double outcome) {}
