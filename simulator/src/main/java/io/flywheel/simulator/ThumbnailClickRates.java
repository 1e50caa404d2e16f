package io.flywheel.simulator;

import io.flywheel.store.ThumbnailStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sandbox audience's hidden click-through rate per thumbnail style: a base rate times one
 * multiplier per frame position, text style and colour, drawn from the world seed (log-normal, σ =
 * {@code spread}). Nothing outside the simulator reads these; a thumbnail test has to find the best
 * style from clicks.
 */
public final class ThumbnailClickRates {
    private final Map<String, Double> rates;

    private ThumbnailClickRates(Map<String, Double> rates) {
        this.rates = Map.copyOf(rates);
    }

    /** Rates drawn from {@code seed}: {@code base} times three log-normal multipliers. */
    public static ThumbnailClickRates drawn(long seed, double base, double spread) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x7468756d62L);
        Map<String, Double> frame = multipliers(r, ThumbnailStyle.FRAME_POSITIONS, spread);
        Map<String, Double> text = multipliers(r, ThumbnailStyle.TEXT_STYLES, spread);
        Map<String, Double> colour = multipliers(r, ThumbnailStyle.COLOURS, spread);
        Map<String, Double> out = new HashMap<>();
        for (String f : ThumbnailStyle.FRAME_POSITIONS) {
            for (String t : ThumbnailStyle.TEXT_STYLES) {
                for (String c : ThumbnailStyle.COLOURS) {
                    double rate = base * frame.get(f) * text.get(t) * colour.get(c);
                    out.put(new ThumbnailStyle(f, t, c).key(), Math.min(0.5, rate));
                }
            }
        }
        return new ThumbnailClickRates(out);
    }

    /** Every style at {@code base}, except the ones given (a planted winner, or none). */
    public static ThumbnailClickRates planted(double base, Map<ThumbnailStyle, Double> except) {
        Map<String, Double> out = new HashMap<>();
        for (String f : ThumbnailStyle.FRAME_POSITIONS) {
            for (String t : ThumbnailStyle.TEXT_STYLES) {
                for (String c : ThumbnailStyle.COLOURS) {
                    out.put(new ThumbnailStyle(f, t, c).key(), base);
                }
            }
        }
        except.forEach((s, rate) -> out.put(s.key(), rate));
        return new ThumbnailClickRates(out);
    }

    public double rate(ThumbnailStyle style) {
        return rates.get(style.key());
    }

    private static Map<String, Double> multipliers(
            SplittableRandom r, Iterable<String> levels, double spread) {
        Map<String, Double> m = new HashMap<>();
        for (String l : levels) {
            m.put(l, Math.exp(spread * Sampling.normal(r)));
        }
        return m;
    }
}
