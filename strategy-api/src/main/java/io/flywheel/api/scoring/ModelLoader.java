package io.flywheel.api.scoring;

import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.model.Ensemble;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.ModelMetadata;
import io.flywheel.storage.ModelArtifacts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads a model version written by the batch TrainJob ({@code <model dir>/<name>/v<N>/}). Artifact
 * locations from events are confined to the model directory, so an event cannot make the API read
 * files elsewhere.
 */
public final class ModelLoader {
    private static final Pattern MEMBER = Pattern.compile("member-\\d+\\.ubj");

    private final Path modelDir;
    private final ModelArtifacts artifacts;

    public ModelLoader(Path modelDir) {
        this(modelDir, null);
    }

    /**
     * @param artifacts mirrors versions published to the bucket ({@code s3://} artifact URIs) into
     *     the model directory; null when models are only local
     */
    public ModelLoader(Path modelDir, ModelArtifacts artifacts) {
        this.modelDir = modelDir.toAbsolutePath().normalize();
        this.artifacts = artifacts;
    }

    public Path modelDir() {
        return modelDir;
    }

    /**
     * Resolves an artifact URI ({@code file:} URI, absolute path, or a path relative to the model
     * directory; with a bucket, its {@code s3://} URI, fetched into the model directory first) to a
     * directory inside the model directory.
     */
    public Path resolve(String artifactUri) {
        Path p;
        if (artifactUri.startsWith("file:")) {
            p = Path.of(URI.create(artifactUri));
        } else if (artifacts != null && artifactUri.startsWith("s3:")) {
            p = artifacts.localDir(artifactUri);
        } else {
            p = modelDir.resolve(artifactUri);
        }
        p = p.toAbsolutePath().normalize();
        if (!p.startsWith(modelDir)) {
            throw new IllegalArgumentException(
                    "model artifact " + artifactUri + " is outside the model directory");
        }
        return p;
    }

    /**
     * Loads the version in {@code artifactUri}: {@code metadata.json}, {@code member-*.ubj} and, if
     * present, the effects model {@code effects.json}. Any of them unreadable fails the whole load
     * (the API then keeps the champion it has).
     */
    public ServedEnsemble load(String artifactUri) throws IOException {
        Path dir = resolve(artifactUri);
        try {
            ModelMetadata m = ModelMetadata.read(dir);
            FeatureEncoder encoder = m.encoder();
            // read before the boosters, so a broken effects.json leaves no native memory behind
            EffectsModel effects = EffectsModelFile.exists(dir) ? readEffects(dir) : null;
            return new ServedEnsemble(m, Ensemble.load(dir, encoder), effects);
        } catch (RuntimeException e) {
            throw new IOException("cannot load model " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a version's {@code effects.json}; an unreadable, inconsistent or unusable file (no
     * posterior draws, values that are not finite) is an IOException naming the file.
     */
    static EffectsModel readEffects(Path dir) throws IOException {
        Path file = dir.resolve(EffectsModelFile.FILE);
        EffectsModel e;
        try {
            e = EffectsModelFile.read(dir);
        } catch (IOException | RuntimeException ex) {
            throw new IOException("cannot read effects model " + file + ": " + ex.getMessage(), ex);
        }
        String problem = unusable(e);
        if (problem != null) {
            throw new IOException("cannot use effects model " + file + ": " + problem);
        }
        return e;
    }

    private static String unusable(EffectsModel e) {
        if (e.draws() == null || e.draws().length == 0) {
            return "it holds no posterior draws";
        }
        if (!Double.isFinite(e.centre()) || !(e.noise() >= 0) || Double.isInfinite(e.noise())) {
            return "centre or noise is not a finite number";
        }
        if (!finite(e.mean())) {
            return "the posterior mean has a value that is not finite";
        }
        for (double[] d : e.draws()) {
            if (!finite(d)) {
                return "a posterior draw has a value that is not finite";
            }
        }
        return null;
    }

    private static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Booster files of a model version, in member order. */
    public static List<Path> members(Path dir) {
        return Ensemble.members(dir);
    }
}
