package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed "house style", what a team without data would do: the common short-form advice (a
 * question hook, fast pacing, 30 seconds, word-by-word captions, upbeat music, bold visuals, posted
 * at 18:00), the same in every segment. Chosen from that advice, not from any world.
 */
public final class HouseStylePolicy implements Policy {
    @Override
    public String name() {
        return "house-style";
    }

    public static Arm arm(String platform, String niche) {
        return new Arm(
                platform,
                niche,
                "QUESTION",
                "FAST",
                30,
                "en-us+f3",
                "UPBEAT",
                "WORD_HIGHLIGHT",
                "BOLD",
                "EN_US",
                18);
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        List<Arm> out = new ArrayList<>();
        for (String s : slots) {
            String[] pn = Segments.split(s);
            out.add(arm(pn[0], pn[1]));
        }
        return out;
    }
}
