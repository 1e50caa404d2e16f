package io.flywheel.render.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.schemas.VisualStyle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Scene pictures from an OpenAI-compatible {@code /images/generations} endpoint. */
public final class OpenAiImages implements SceneImages {
    /** Cost estimate per image in micro-USD (4 cents). */
    static final long MICRO_USD_PER_IMAGE = 40_000;

    private final OpenAiClient client;
    private final String model;

    public OpenAiImages(OpenAiClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    public String provider() {
        return "openai-images";
    }

    @Override
    public boolean paid() {
        return true;
    }

    @Override
    public io.flywheel.render.evidence.Provenance provenance(Script.Scene scene) {
        return new io.flywheel.render.evidence.Provenance(
                provider(), model, io.flywheel.render.evidence.Provenance.OPENAI_TERMS);
    }

    @Override
    public String source(Script.Scene scene, VisualStyle style) {
        return prompt(scene, style);
    }

    static String prompt(Script.Scene scene, VisualStyle style) {
        return "A "
                + scene.mood()
                + ", "
                + style.name().toLowerCase(java.util.Locale.ROOT)
                + " picture, no text, showing: "
                + String.join(", ", scene.keywords());
    }

    @Override
    public StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int w, int h, Path out)
            throws Exception {
        String size = h > w ? "1024x1792" : w > h ? "1792x1024" : "1024x1024";
        String prompt = prompt(scene, style);
        JsonNode resp =
                client.postJson(
                        "/images/generations",
                        Map.of(
                                "model",
                                model,
                                "prompt",
                                prompt,
                                "size",
                                size,
                                "n",
                                1,
                                "response_format",
                                "b64_json"));
        String b64 = resp.path("data").path(0).path("b64_json").asText("");
        if (b64.isEmpty()) {
            throw new ProviderException("bad_response", "no image in the answer", true);
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        if (img == null) {
            throw new ProviderException(
                    "bad_response", "the answer's image cannot be decoded", true);
        }
        io.flywheel.render.visuals.SceneImagesIo.cover(img, w, h, out);
        return new StageRunner.Costed<>(out, MICRO_USD_PER_IMAGE);
    }
}
