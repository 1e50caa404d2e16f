package io.flywheel.api.scoring;

import io.flywheel.effects.EffectsModel;
import io.flywheel.model.Arm;
import io.flywheel.model.Ensemble;
import io.flywheel.model.ModelMetadata;
import io.flywheel.model.Scores;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The champion as served: the model's {@link Ensemble} of bootstrap-trained boosters, whose spread
 * of predictions is the model's uncertainty, and, when the TrainJob wrote one beside them, the
 * version's effects model ({@code effects.json}), which then chooses the arms of recommendations
 * while the boosters keep scoring. Shared by concurrent requests and reference-counted, so a
 * swapped-out ensemble frees its native memory (the boosters; the effects model is plain heap) only
 * after the last request using it has finished.
 */
public final class ServedEnsemble {
    private static final int MAX_CACHED_SEGMENTS = 2048;

    private final ModelMetadata metadata;
    private final Ensemble boosters;
    private final EffectsModel effects;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Map<String, PoolScores> pools = new ConcurrentHashMap<>();

    /** The pool of a segment, scored by every booster (mean and spread computed once). */
    public record PoolScores(List<Arm> arms, Scores scores) {}

    /** An ensemble with the version's effects model ({@code effects} may be null: none). */
    public ServedEnsemble(ModelMetadata metadata, Ensemble boosters, EffectsModel effects) {
        this.metadata = metadata;
        this.boosters = boosters.singleThreaded();
        this.effects = effects;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The registry version as text, as ModelPromoted carries it. */
    public String version() {
        return metadata.versionId();
    }

    public int size() {
        return boosters.size();
    }

    /** The version's effects model, if its directory holds {@code effects.json}. */
    public Optional<EffectsModel> effects() {
        return Optional.ofNullable(effects);
    }

    /** Every booster's prediction of the arms, with their mean and spread. */
    public Scores score(List<Arm> arms) {
        return boosters.score(arms);
    }

    /**
     * The segment's candidate pool scored by every booster: the fixed design plus the arms the
     * batch published for it (duplicates once). Computed once per model and set of published arms.
     */
    public PoolScores pool(String platform, String niche, List<Arm> published) {
        String key = platform + "/" + niche + "/" + published.hashCode();
        PoolScores p = pools.get(key);
        if (p == null) {
            Set<Arm> arms = new LinkedHashSet<>(CandidatePool.forSegment(platform, niche));
            for (Arm a : published) {
                if (a.platform().equals(platform) && a.niche().equals(niche)) {
                    arms.add(a);
                }
            }
            List<Arm> all = List.copyOf(arms);
            p = new PoolScores(all, score(all));
            if (pools.size() >= MAX_CACHED_SEGMENTS) {
                pools.clear();
            }
            pools.putIfAbsent(key, p);
        }
        return p;
    }

    /** Takes a reference for one use; false if the ensemble is already freed. */
    boolean tryAcquire() {
        for (; ; ) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one frees the boosters' native memory. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            boosters.dispose();
        }
    }

    boolean isFreed() {
        return refs.get() == 0;
    }
}
