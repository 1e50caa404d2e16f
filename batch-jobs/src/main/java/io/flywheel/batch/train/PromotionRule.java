package io.flywheel.batch.train;

import io.flywheel.batch.registry.ModelRecord;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The champion/challenger rule: a challenger becomes the champion when there is none yet, when the
 * champion cannot be evaluated, or when its validation RMSE is at most the champion's RMSE on the
 * same validation rows less the margin ({@code batch.promotion.margin}, 0.02: 2% better).
 */
public final class PromotionRule {
    private final double margin;

    /**
     * @param margin the share by which a challenger must beat the champion's RMSE, in [0, 1)
     */
    public PromotionRule(double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("the promotion margin must be in [0, 1): " + margin);
        }
        this.margin = margin;
    }

    /**
     * The champion a challenger meets.
     *
     * @param rmse its RMSE on the challenger's validation rows; empty when it cannot be evaluated
     */
    public record Champion(int version, OptionalDouble rmse) {}

    /** What the rule decided and why, in the words the registry keeps. */
    public record Decision(boolean promote, String reason) {
        /** The registry status: {@link ModelRecord#CHAMPION} or {@link ModelRecord#REJECTED}. */
        public String status() {
            return promote ? ModelRecord.CHAMPION : ModelRecord.REJECTED;
        }
    }

    public Decision decide(double challengerRmse, Optional<Champion> champion) {
        if (champion.isEmpty()) {
            return new Decision(true, "no champion yet");
        }
        Champion c = champion.get();
        if (c.rmse().isEmpty()) {
            return new Decision(true, "champion v" + c.version() + " cannot be loaded");
        }
        double championRmse = c.rmse().getAsDouble();
        double bar = championRmse * (1 - margin);
        boolean promote = challengerRmse <= bar;
        return new Decision(
                promote,
                String.format(
                        Locale.ROOT,
                        "validation RMSE %.3f %s %.3f (champion v%d RMSE %.3f less %.1f%%)",
                        challengerRmse,
                        promote ? "<=" : ">",
                        bar,
                        c.version(),
                        championRmse,
                        margin * 100));
    }
}
