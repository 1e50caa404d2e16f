package io.flywheel.publishers.service;

import io.flywheel.store.AssetEvidence;
import java.util.List;

/** The licence evidence of a video whose every asset is accounted for, as tests record it. */
public final class EvidenceSamples {
    private EvidenceSamples() {}

    /** Every asset kind with a licence and a receipt; the music under {@code musicLicence}. */
    public static List<AssetEvidence> complete(String musicLicence) {
        return List.of(
                new AssetEvidence(
                        "script",
                        "script",
                        "template",
                        "flywheel template corpus",
                        "template corpus: niche cooking",
                        "LicenseRef-Flywheel-generated",
                        List.of(),
                        "sha256:" + "a".repeat(64)),
                new AssetEvidence(
                        "voice",
                        "voice",
                        "espeak-ng",
                        "eSpeak NG text-to-speech: 1.51",
                        "voice en-us",
                        "GPL-3.0-or-later",
                        List.of(),
                        "sha256:" + "b".repeat(64)),
                new AssetEvidence(
                        "image:1-1080x1920:1",
                        "image",
                        "procedural",
                        "flywheel procedural scenes",
                        "scene keywords: pasta",
                        "LicenseRef-Flywheel-generated",
                        List.of(),
                        "sha256:" + "c".repeat(64)),
                new AssetEvidence(
                        "music",
                        "music",
                        "music-folder",
                        null,
                        "music folder: calm-1.wav",
                        musicLicence,
                        List.of(),
                        "sha256:" + "d".repeat(64)),
                new AssetEvidence(
                        "font:DejaVu Sans",
                        "font",
                        "debian:fonts-dejavu-core",
                        "2.37-6",
                        "DejaVu Sans",
                        "Bitstream-Vera",
                        List.of(),
                        "fonts-dejavu-core=2.37-6"));
    }
}
