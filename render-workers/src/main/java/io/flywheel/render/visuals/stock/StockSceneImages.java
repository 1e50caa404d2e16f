package io.flywheel.render.visuals.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.render.evidence.Provenance;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.render.visuals.SceneImagesIo;
import io.flywheel.schemas.VisualStyle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Scene pictures from a stock library: the scene's keywords are searched (all of the first three,
 * then the first alone), the photo that covers the frame with the closest shape is downloaded into
 * the job (never hotlinked) and cropped to fill the picture. Who took it, its id, its page and its
 * licence are kept beside the picture ({@code <picture>.stock.json}) and recorded as its evidence.
 */
public final class StockSceneImages implements SceneImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is kept beside a downloaded picture. */
    record Kept(
            String provider,
            String version,
            String licence,
            String licenceName,
            StockPhoto photo) {}

    private final StockLibrary library;

    public StockSceneImages(StockLibrary library) {
        this.library = library;
    }

    @Override
    public String provider() {
        return library.terms().provider();
    }

    @Override
    public StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int w, int h, Path out)
            throws Exception {
        List<StockPhoto> found =
                KeywordSearch.find(
                        scene, provider(), "photo", q -> library.search(q, h > w, w > h));
        StockPhoto photo = choose(found, w, h);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(library.download(photo, w, h)));
        if (img == null) {
            throw new ProviderException(
                    "bad_image", provider() + " photo " + photo.id() + " cannot be decoded", true);
        }
        SceneImagesIo.cover(img, w, h, out);
        JSON.writeValue(
                sidecar(out).toFile(),
                new Kept(
                        provider(),
                        library.terms().version(),
                        library.terms().licence(),
                        library.terms().licenceName(),
                        photo));
        return StageRunner.Costed.free(out);
    }

    /**
     * The photo to use: of those whose stated size covers the frame, the one closest to its shape;
     * if none does, the largest (it is scaled up).
     */
    static StockPhoto choose(List<StockPhoto> photos, int w, int h) {
        double shape = Math.log((double) w / h);
        Comparator<StockPhoto> byShape =
                Comparator.comparingDouble(
                        p -> Math.abs(Math.log((double) p.width() / p.height()) - shape));
        return photos.stream()
                .filter(p -> p.width() >= w && p.height() >= h)
                .min(byShape)
                .orElseGet(
                        () ->
                                photos.stream()
                                        .max(
                                                Comparator.comparingLong(
                                                        p -> (long) p.width() * p.height()))
                                        .orElseThrow());
    }

    @Override
    public Attribution attribution(Script.Scene scene, VisualStyle style, Path made)
            throws IOException {
        Path f = sidecar(made);
        if (!Files.isRegularFile(f)) {
            return new Attribution(Provenance.undeclared(provider()), "no record of the photo");
        }
        Kept k = JSON.readValue(f.toFile(), Kept.class);
        StockPhoto p = k.photo();
        return new Attribution(
                new Provenance(k.provider(), k.version(), k.licence()),
                String.format(
                        "%s photo %s by %s%s, %s, %s",
                        k.provider(),
                        p.id(),
                        p.author().isBlank() ? "an unnamed author" : p.author(),
                        p.authorUrl().isBlank() ? "" : " (" + p.authorUrl() + ")",
                        p.pageUrl(),
                        k.licenceName()));
    }

    static Path sidecar(Path picture) {
        return picture.resolveSibling(picture.getFileName() + ".stock.json");
    }
}
