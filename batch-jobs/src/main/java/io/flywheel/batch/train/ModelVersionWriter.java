package io.flywheel.batch.train;

import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.model.ModelMetadata;
import io.flywheel.storage.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A model version's files: {@code <model dir>/<name>/v<N>/} with the ensemble's native booster
 * files ({@code member-00.ubj}, …), {@code effects.json} and {@code metadata.json}, then published
 * through {@link ModelArtifacts} (the directory's {@code file:} URI, or a copy in the bucket when
 * storage.url names one).
 */
public final class ModelVersionWriter {
    private final Path modelStore;
    private final ModelArtifacts artifacts;

    public ModelVersionWriter(Path modelStore, ModelArtifacts artifacts) {
        this.modelStore = modelStore;
        this.artifacts = artifacts;
    }

    /** The booster file of ensemble member {@code k}. */
    public static String boosterFile(int k) {
        return String.format(Locale.ROOT, "member-%02d.ubj", k);
    }

    /** Creates and returns the directory of version {@code version} of {@code modelName}. */
    public Path createVersion(String modelName, int version) {
        Path dir = modelStore.resolve(modelName).resolve("v" + version);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model directory " + dir, e);
        }
        return dir;
    }

    /** Saves each booster as {@link #boosterFile}({@code k}) in {@code dir}. */
    public void writeBoosters(Path dir, List<Booster> boosters) {
        for (int k = 0; k < boosters.size(); k++) {
            Path file = dir.resolve(boosterFile(k));
            try {
                boosters.get(k).saveModel(file.toString());
            } catch (XGBoostError e) {
                throw new IllegalStateException("cannot save a booster to " + file, e);
            }
        }
    }

    public void writeEffects(Path dir, EffectsModel effects) {
        try {
            EffectsModelFile.write(dir, effects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeMetadata(Path dir, ModelMetadata metadata) {
        metadata.write(dir);
    }

    /** Publishes the version's directory; returns its artifact URI for the registry. */
    public String publish(Path dir) {
        try {
            return artifacts.publish(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot publish model " + dir + ": " + e.getMessage(), e);
        }
    }
}
