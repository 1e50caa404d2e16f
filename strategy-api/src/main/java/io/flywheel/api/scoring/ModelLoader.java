package io.flywheel.api.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Loads a model version from the model directory: {@code model.json} and its boosters. Artifact
 * locations from events are confined to the model directory, so an event cannot make the API read
 * files elsewhere.
 */
public final class ModelLoader {
    private static final ObjectMapper MANIFEST =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

    public Ensemble load(String artifactUri) throws IOException {
        Path dir = resolve(artifactUri);
        ModelManifest m =
                MANIFEST.readValue(
                        dir.resolve(ModelManifest.FILE_NAME).toFile(), ModelManifest.class);
        if (m.boosters() == null || m.boosters().isEmpty() || m.features() == null) {
            throw new IOException(dir + "/model.json lists no boosters or features");
        }
        Booster[] boosters = new Booster[m.boosters().size()];
        try {
            for (int i = 0; i < boosters.length; i++) {
                Path f = dir.resolve(m.boosters().get(i)).normalize();
                if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                    throw new IOException("booster " + m.boosters().get(i) + " is not in " + dir);
                }
                boosters[i] = XGBoost.loadModel(f.toString());
            }
            return new Ensemble(m, boosters);
        } catch (XGBoostError e) {
            for (Booster b : boosters) {
                if (b != null) {
                    b.dispose();
                }
            }
            throw new IOException("cannot load boosters of " + dir + ": " + e.getMessage(), e);
        }
    }
}
