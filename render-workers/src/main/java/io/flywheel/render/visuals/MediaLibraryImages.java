package io.flywheel.render.visuals;

import io.flywheel.render.evidence.LicenceSidecar;
import io.flywheel.render.evidence.Provenance;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.VisualStyle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Pictures from the user's media folder, chosen by how many of the scene's keywords appear in the
 * file name (e.g. {@code coffee-budget-notebook.jpg}). No match means the next provider draws one.
 */
public final class MediaLibraryImages implements SceneImages {
    private final Path folder;

    public MediaLibraryImages(Path folder) {
        this.folder = folder;
    }

    @Override
    public String provider() {
        return "media-library";
    }

    /** The library's picture of {@code scene}: the file naming most of its keywords, if any. */
    Optional<Path> match(Script.Scene scene) throws IOException {
        Set<String> keywords =
                scene.keywords().stream()
                        .map(k -> k.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        Path best = null;
        int bestScore = 0;
        if (Files.isDirectory(folder)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!(name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"))) {
                    continue;
                }
                int score = 0;
                for (String token : name.replaceAll("\\.[a-z]+$", "").split("[^\\p{L}\\p{N}]+")) {
                    if (keywords.contains(token)) {
                        score++;
                    }
                }
                if (score > bestScore) {
                    best = f;
                    bestScore = score;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The licence in the chosen file's {@code .licence} sidecar; none means missing evidence. */
    @Override
    public Provenance provenance(Script.Scene scene) throws IOException {
        Optional<Path> f = match(scene);
        if (f.isEmpty()) {
            return Provenance.undeclared(provider());
        }
        LicenceSidecar.Declared d = LicenceSidecar.of(f.get());
        return new Provenance(provider(), null, d.licence(), d.platforms());
    }

    @Override
    public String source(Script.Scene scene, VisualStyle style) throws IOException {
        Optional<Path> f = match(scene);
        return f.isEmpty() ? "no file" : "media folder: " + LicenceSidecar.of(f.get()).source();
    }

    @Override
    public StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int w, int h, Path out)
            throws IOException {
        Path best = match(scene).orElse(null);
        if (best == null) {
            throw new ProviderException(
                    "no_match",
                    "no picture in the media folder matches "
                            + scene.keywords().stream()
                                    .map(k -> k.toLowerCase(Locale.ROOT))
                                    .collect(Collectors.toSet()),
                    false);
        }
        BufferedImage src = ImageIO.read(best.toFile());
        if (src == null) {
            throw new ProviderException("bad_image", "cannot read " + best.getFileName(), false);
        }
        SceneImagesIo.cover(src, w, h, out);
        return StageRunner.Costed.free(out);
    }
}
