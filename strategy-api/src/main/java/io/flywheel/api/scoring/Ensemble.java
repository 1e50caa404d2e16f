package io.flywheel.api.scoring;

import io.flywheel.effects.EffectsModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The champion: bootstrap-trained boosters whose spread of predictions is the model's uncertainty,
 * and, when the TrainJob wrote one beside them, the version's effects model ({@code effects.json}),
 * which then chooses the arms of recommendations while the boosters keep scoring. Shared by
 * concurrent requests and reference-counted, so a swapped-out ensemble frees its native memory (the
 * boosters; the effects model is plain heap) only after the last request using it has finished.
 */
public final class Ensemble {
    private static final int MAX_CACHED_SEGMENTS = 2048;

    private final ModelMetadata metadata;
    private final ModelFeatures layout;
    private final Booster[] boosters;
    private final EffectsModel effects;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Map<String, PoolScores> pools = new ConcurrentHashMap<>();

    /** The pool of a segment with every booster's prediction for every arm. */
    public record PoolScores(List<Arm> arms, float[][] predictions) {}

    public Ensemble(ModelMetadata metadata, Booster[] boosters) throws XGBoostError {
        this(metadata, boosters, null);
    }

    /** An ensemble with the version's effects model ({@code effects} may be null: none). */
    public Ensemble(ModelMetadata metadata, Booster[] boosters, EffectsModel effects)
            throws XGBoostError {
        if (boosters.length == 0) {
            throw new IllegalArgumentException("an ensemble needs at least one booster");
        }
        this.metadata = metadata;
        this.layout = new ModelFeatures(metadata.features(), metadata.niches(), metadata.voices());
        this.boosters = boosters.clone();
        this.effects = effects;
        for (Booster b : this.boosters) {
            // More threads only add hand-off latency for the small batches a request scores.
            b.setParam("nthread", 1);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The registry version as text, as ModelPromoted carries it. */
    public String version() {
        return metadata.versionId();
    }

    public int size() {
        return boosters.length;
    }

    /** The version's effects model, if its directory holds {@code effects.json}. */
    public Optional<EffectsModel> effects() {
        return Optional.ofNullable(effects);
    }

    /** Predictions of every booster: {@code [booster][arm]}. */
    public float[][] predict(List<Arm> arms) {
        int w = layout.width();
        float[] data = new float[arms.size() * w];
        for (int i = 0; i < arms.size(); i++) {
            layout.encode(arms.get(i), data, i * w);
        }
        float[][] out = new float[boosters.length][];
        DMatrix m = null;
        try {
            m = new DMatrix(data, arms.size(), w, Float.NaN);
            for (int b = 0; b < boosters.length; b++) {
                float[][] p = boosters[b].predict(m);
                float[] col = new float[arms.size()];
                for (int i = 0; i < col.length; i++) {
                    col[i] = p[i][0];
                }
                out[b] = col;
            }
            return out;
        } catch (XGBoostError e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        } finally {
            if (m != null) {
                m.dispose();
            }
        }
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
            p = new PoolScores(all, predict(all));
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
            for (Booster b : boosters) {
                b.dispose();
            }
        }
    }

    boolean isFreed() {
        return refs.get() == 0;
    }
}
