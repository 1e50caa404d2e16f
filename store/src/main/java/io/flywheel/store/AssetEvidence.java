package io.flywheel.store;

import java.util.List;
import java.util.Optional;

/**
 * The licence evidence of one asset of a video: what made it, from what, under which licence, and a
 * receipt id. A row without a licence or a receipt is missing evidence.
 *
 * @param assetKey unique within the video, e.g. {@code script}, {@code image:1-1080x1920:3}
 * @param kind script, voice, image, music or font
 * @param provider e.g. {@code template}, {@code espeak-ng}, {@code openai-images}
 * @param version the model or the program's version
 * @param source the prompt, the template, the file or the package it came from
 * @param licence an SPDX id or a named licence (see {@code docs/evidence.md})
 * @param allowedPlatforms the platforms the asset may be published on; empty: every platform its
 *     licence allows
 * @param receiptId the provider's receipt, or {@code sha256:} and the asset's hash
 */
public record AssetEvidence(
        String assetKey,
        String kind,
        String provider,
        String version,
        String source,
        String licence,
        List<String> allowedPlatforms,
        String receiptId) {

    public static final List<String> KINDS = List.of("script", "voice", "image", "music", "font");

    public AssetEvidence {
        allowedPlatforms = allowedPlatforms == null ? List.of() : List.copyOf(allowedPlatforms);
    }

    /** What is missing from this row, if anything. */
    public Optional<String> missing() {
        if (licence == null || licence.isBlank()) {
            return Optional.of("no licence");
        }
        if (receiptId == null || receiptId.isBlank()) {
            return Optional.of("no receipt id");
        }
        return Optional.empty();
    }
}
