package io.flywheel.api.scoring;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Loads a model version written by the batch TrainJob ({@code <model dir>/<name>/v<N>/}). Artifact
 * locations from events are confined to the model directory, so an event cannot make the API read
 * files elsewhere.
 */
public final class ModelLoader {
    private static final Pattern MEMBER = Pattern.compile("member-\\d+\\.ubj");

    private final Path modelDir;

    public ModelLoader(Path modelDir) {
        this.modelDir = modelDir.toAbsolutePath().normalize();
    }

    public Path modelDir() {
        return modelDir;
    }

    /**
     * Resolves an artifact URI ({@code file:} URI, absolute path, or a path relative to the model
     * directory) to a directory inside the model directory.
     */
    public Path resolve(String artifactUri) {
        Path p;
        if (artifactUri.startsWith("file:")) {
            p = Path.of(URI.create(artifactUri));
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

    /** Loads the version in {@code artifactUri}: {@code metadata.json} and {@code member-*.ubj}. */
    public Ensemble load(String artifactUri) throws IOException {
        Path dir = resolve(artifactUri);
        ModelMetadata m = ModelMetadata.read(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files =
                    s.filter(p -> MEMBER.matcher(p.getFileName().toString()).matches())
                            .filter(Files::isRegularFile)
                            .sorted()
                            .toList();
        }
        if (files.isEmpty()) {
            throw new IOException(dir + " holds no member-NN.ubj boosters");
        }
        Booster[] boosters = new Booster[files.size()];
        try {
            for (int i = 0; i < boosters.length; i++) {
                boosters[i] = XGBoost.loadModel(Files.readAllBytes(files.get(i)));
            }
            return new Ensemble(m, boosters);
        } catch (XGBoostError | RuntimeException e) {
            for (Booster b : boosters) {
                if (b != null) {
                    b.dispose();
                }
            }
            throw new IOException("cannot load model " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Booster files of a model version, in member order. */
    public static List<Path> members(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> MEMBER.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }
}
