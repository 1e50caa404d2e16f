package io.flywheel.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.schemas.Stage;
import io.flywheel.store.AssetEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A job's directory under the media root, {@code jobs/<job id>/}, and its stage checkpoints: each
 * completed stage writes its result as JSON (atomically, by rename), so a re-delivered or crashed
 * job resumes after its last completed stage. Every path handed out stays inside the directory.
 */
public final class JobWorkspace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,120}");

    private final Path root;
    private final Path mediaRoot;

    public JobWorkspace(Path mediaRoot, String jobId) throws IOException {
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
        this.root = resolveUnder(this.mediaRoot, "jobs/" + jobId);
        Files.createDirectories(root.resolve("stages"));
    }

    public Path root() {
        return root;
    }

    /** A file or directory inside the job's directory; names are generated, and checked anyway. */
    public Path path(String relative) {
        for (String part : relative.split("/")) {
            if (!SAFE.matcher(part).matches() || part.equals("..")) {
                throw new IllegalArgumentException("not a generated file name: " + relative);
            }
        }
        return resolveUnder(root, relative);
    }

    public Path dir(String relative) throws IOException {
        return Files.createDirectories(path(relative));
    }

    /** The URI of a file in the media store, relative to the media root. */
    public String uri(Path file) {
        return mediaRoot.relativize(file.toAbsolutePath().normalize()).toString();
    }

    public <T> Optional<T> checkpoint(Stage stage, Class<T> type) throws IOException {
        Path f = root.resolve("stages/" + stage.name().toLowerCase(Locale.ROOT) + ".json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(f.toFile(), type));
    }

    public void complete(Stage stage, Object result) throws IOException {
        Path f = root.resolve("stages/" + stage.name().toLowerCase(Locale.ROOT) + ".json");
        Path tmp = root.resolve("stages/" + stage.name().toLowerCase(Locale.ROOT) + ".json.tmp");
        JSON.writeValue(tmp.toFile(), result);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Keeps the evidence of the assets a stage made, before the stage's checkpoint is written (so a
     * resumed job has the evidence of every stage it skips).
     */
    public void recordEvidence(Stage stage, List<AssetEvidence> evidence) throws IOException {
        Path dir = Files.createDirectories(root.resolve("evidence"));
        String name = stage.name().toLowerCase(Locale.ROOT) + ".json";
        Path tmp = dir.resolve(name + ".tmp");
        JSON.writeValue(tmp.toFile(), evidence);
        Files.move(
                tmp,
                dir.resolve(name),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The evidence the job's stages recorded, in the order of the stages. */
    public List<AssetEvidence> evidence() throws IOException {
        List<AssetEvidence> out = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Path f = root.resolve("evidence/" + stage.name().toLowerCase(Locale.ROOT) + ".json");
            if (Files.exists(f)) {
                out.addAll(JSON.readValue(f.toFile(), new TypeReference<List<AssetEvidence>>() {}));
            }
        }
        return out;
    }

    private static Path resolveUnder(Path base, String relative) {
        Path p = base.resolve(relative).normalize();
        if (!p.startsWith(base)) {
            throw new IllegalArgumentException("path escapes " + base + ": " + relative);
        }
        return p;
    }
}
