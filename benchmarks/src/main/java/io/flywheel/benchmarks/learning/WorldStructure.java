package io.flywheel.benchmarks.learning;

import io.flywheel.schemas.Platform;
import io.flywheel.simulator.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the informed learner may know of a world: its model's structure, never its coefficients.
 * Which segments exist; which content parameter values carry an effect (on views or on the engaged
 * rate: the keys of the world's effect tables, not their numbers); which parameter combinations
 * interact (the interactions' conditions, not their sizes); which platforms have a posting-hour
 * curve (its form, a bump in the hour of day, but not its peak, width or amplitude); and the
 * per-video dispersion (the gamma shape of the quality multiplier, i.e. the noise level). This
 * record is the only place the bench reads a {@link World} for a policy; everything it copies is
 * listed here.
 */
record WorldStructure(
        List<String> segments,
        Map<String, Set<String>> effectLevels,
        List<Map<String, String>> interactions,
        Set<Platform> hourCurves,
        double dispersion) {

    static WorldStructure of(World world) {
        Map<String, Set<String>> levels = new LinkedHashMap<>();
        for (Map<String, Map<String, Double>> table :
                List.of(world.viewEffects(), world.engagedEffects())) {
            for (Map.Entry<String, Map<String, Double>> e : table.entrySet()) {
                levels.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                        .addAll(e.getValue().keySet());
            }
        }
        List<Map<String, String>> interactions = new ArrayList<>();
        for (World.Interaction i : world.interactions()) {
            interactions.add(Map.copyOf(i.when()));
        }
        return new WorldStructure(
                List.copyOf(new TreeSet<>(world.segments().keySet())),
                levels,
                interactions,
                new LinkedHashSet<>(world.postingHours().keySet()),
                world.dispersion());
    }
}
