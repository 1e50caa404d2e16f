package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Every slot gets an arm drawn uniformly from the segment's space: what "no learning" earns. */
public final class UniformPolicy implements Policy {
    private final ParameterSpace space;
    private final Random random;

    public UniformPolicy(ParameterSpace space, long seed) {
        this.space = space;
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        List<Arm> out = new ArrayList<>();
        for (String s : slots) {
            String[] pn = Segments.split(s);
            out.add(space.random(pn[0], pn[1], random));
        }
        return out;
    }
}
