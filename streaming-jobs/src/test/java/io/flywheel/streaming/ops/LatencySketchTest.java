package io.flywheel.streaming.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
    @Test
    void quantilesAreWithinOnePercentAndMergingEqualsAddingEverything() {
        Random rnd = new Random(3);
        long[] values = new long[20_000];
        LatencySketch left = new LatencySketch();
        LatencySketch right = new LatencySketch();
        LatencySketch all = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 + (long) Math.exp(rnd.nextGaussian() * 1.5 + 6); // heavy-tailed, ms
            (i % 3 == 0 ? left : right).add(values[i]);
            all.add(values[i]);
        }
        left.merge(right);
        Arrays.sort(values);

        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(left.quantile(q)).as("p%s", q * 100).isCloseTo(exact, within(exact * 0.01));
            assertThat(left.quantile(q)).isEqualTo(all.quantile(q));
        }
        assertThat(left.count).isEqualTo(values.length);
        assertThat(new LatencySketch().quantile(0.5)).isNull();
    }
}
