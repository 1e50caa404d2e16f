package io.flywheel.publishers.evidence;

import io.flywheel.publishers.PublishGate;
import io.flywheel.schemas.Platform;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Refuses a video whose licence evidence is missing or does not allow the platform: every asset
 * kind a video is made of (script, voice, image, font) needs at least one row, and every row a
 * licence, a receipt id, a licence that allows the platform and, when the row lists platforms, the
 * platform among them. Music is not required (a video may have none), but its row is checked like
 * the others. The reason names each asset and what is wrong with it.
 */
public final class EvidenceGate implements PublishGate {
    /** The kinds every video has; music is optional. */
    static final List<String> REQUIRED = List.of("script", "voice", "image", "font");

    private final AssetEvidenceStore store;

    public EvidenceGate(AssetEvidenceStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> refusal(UUID videoId, Platform platform) {
        return refusal(store.of(videoId), platform);
    }

    /** The reason {@code evidence} does not let a video go to {@code platform}, if any. */
    public static Optional<String> refusal(List<AssetEvidence> evidence, Platform platform) {
        List<String> problems = new ArrayList<>();
        for (String kind : REQUIRED) {
            if (evidence.stream().noneMatch(e -> e.kind().equals(kind))) {
                problems.add(kind + ": no evidence recorded");
            }
        }
        for (AssetEvidence e : evidence) {
            Optional<String> missing = e.missing();
            if (missing.isPresent()) {
                problems.add(e.assetKey() + " (" + e.provider() + "): " + missing.get());
                continue;
            }
            LicenceTerms.refusal(e.licence(), platform)
                    .ifPresent(r -> problems.add(e.assetKey() + " (" + e.provider() + "): " + r));
            if (!e.allowedPlatforms().isEmpty()
                    && !e.allowedPlatforms().contains(platform.name())) {
                problems.add(
                        e.assetKey()
                                + " ("
                                + e.provider()
                                + "): its licence allows "
                                + String.join(", ", e.allowedPlatforms())
                                + " only");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                "licence evidence: "
                        + String.join("; ", problems)
                        + " (not published to "
                        + platform
                        + "; GET /v1/videos/{id}/evidence shows every asset)");
    }
}
