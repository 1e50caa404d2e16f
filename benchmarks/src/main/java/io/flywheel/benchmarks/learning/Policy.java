package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import java.util.List;

/**
 * A way to choose the next videos' arms. Each round it gets the segment of every slot to fill and
 * everything it has observed so far (its own videos' outcomes, never the world's expectations).
 */
public interface Policy {
    String name();

    /** One arm per slot, in the slots' order; {@code slots} holds "PLATFORM/niche" names. */
    List<Arm> choose(int round, List<String> slots, List<Observation> history);
}
