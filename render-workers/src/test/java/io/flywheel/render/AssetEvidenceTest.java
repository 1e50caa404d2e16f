package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.render.evidence.Provenance;
import io.flywheel.render.evidence.Receipts;
import io.flywheel.render.music.MusicSynth;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every asset of a video rendered for real (template script, espeak-ng or FreeTTS, procedural
 * pictures, music, fonts) records its provider, version, source, licence and a receipt that is the
 * SHA-256 of the asset as made; the rows go to PostgreSQL as the worker writes them. A track from
 * the music folder carries the licence of its sidecar, and none without one.
 */
class AssetEvidenceTest {
    @TempDir Path data;

    private static RenderJob job(MusicMood music) {
        return new RenderJob(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                TestJobs.params(Platform.TIKTOK, 8, CaptionStyle.SENTENCE, music),
                Optional.empty(),
                Optional.empty(),
                List.of(new RenditionSpec("v", 360, 640)),
                true);
    }

    @Test
    void aRenderedVideosEvidenceIsCompleteMatchesItsFilesAndIsStored() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        Path media = RenderSetup.mediaRoot(config);
        RenderJob job = job(MusicMood.UPBEAT);

        RenderResult r = new RenderPipeline(providers, media).run(job, new RecordedEvents());

        List<AssetEvidence> ev = r.evidence();
        assertThat(ev).allSatisfy(e -> assertThat(e.missing()).as(e.assetKey()).isEmpty());
        JobWorkspace ws = new JobWorkspace(media, job.jobId());
        AssetEvidence script = one(ev, "script");
        assertThat(script.provider()).isEqualTo("template");
        assertThat(script.licence()).isEqualTo(Provenance.FLYWHEEL_GENERATED);
        assertThat(script.source())
                .startsWith("template corpus: niche personal-finance, hook QUESTION");
        assertThat(script.receiptId()).matches("sha256:[0-9a-f]{64}");

        AssetEvidence voice = one(ev, "voice");
        assertThat(voice.receiptId()).isEqualTo(Receipts.of(ws.root().resolve("narration.wav")));
        if (voice.provider().equals("espeak-ng")) {
            assertThat(voice.version()).startsWith("eSpeak NG text-to-speech: 1.");
            assertThat(voice.licence()).isEqualTo("GPL-3.0-or-later");
        } else {
            assertThat(voice.provider()).isEqualTo("freetts");
        }

        // One image row per picture file of the rendition, each the hash of that file.
        List<Path> pictures;
        try (Stream<Path> s = Files.list(ws.root().resolve("scenes/1-360x640"))) {
            pictures = s.sorted().toList();
        }
        List<AssetEvidence> images = ev.stream().filter(e -> e.kind().equals("image")).toList();
        assertThat(images).hasSize(pictures.size()).isNotEmpty();
        for (Path p : pictures) {
            String scene = p.getFileName().toString().replaceAll("\\D", "");
            AssetEvidence img =
                    images.stream()
                            .filter(e -> e.assetKey().equals("image:1-360x640:" + scene))
                            .findFirst()
                            .orElseThrow();
            assertThat(img.provider()).isEqualTo("procedural");
            assertThat(img.receiptId()).isEqualTo(Receipts.of(p));
        }

        AssetEvidence music = one(ev, "music");
        assertThat(music.provider()).isEqualTo("music-synth");
        assertThat(music.receiptId()).isEqualTo(Receipts.of(ws.root().resolve("music.wav")));

        AssetEvidence font =
                ev.stream()
                        .filter(e -> e.assetKey().equals("font:DejaVu Sans"))
                        .findFirst()
                        .orElseThrow();
        assertThat(font.provider()).isEqualTo("debian:fonts-dejavu-core");
        assertThat(font.licence()).isEqualTo("Bitstream-Vera");
        assertThat(font.receiptId()).startsWith("fonts-dejavu-core=");
        assertThat(ev.stream().filter(e -> e.kind().equals("font")))
                .allSatisfy(f -> assertThat(f.licence()).isNotNull());
        assertThat(ev)
                .hasSize(
                        1
                                + 1
                                + images.size()
                                + 1
                                + (int) ev.stream().filter(e -> e.kind().equals("font")).count());

        // Three thumbnail variants, each of its own style, both sizes as files in the media root.
        List<ThumbnailVariant> thumbs = r.thumbnailVariants();
        assertThat(thumbs).extracting(ThumbnailVariant::variant).containsExactly(1, 2, 3);
        assertThat(thumbs.stream().map(ThumbnailVariant::style).distinct()).hasSize(3);
        for (ThumbnailVariant t : thumbs) {
            assertThat(media.resolve(t.wideUri())).isRegularFile();
            assertThat(media.resolve(t.tallUri())).isRegularFile();
            assertThat(t.frameS()).isBetween(0.0, r.durationMs() / 1000.0);
        }

        // A redelivered job resumes every stage and has the same evidence and variants.
        RenderResult again = new RenderPipeline(providers, media).run(job, new RecordedEvents());
        assertThat(again.evidence()).isEqualTo(ev);
        assertThat(again.thumbnailVariants()).isEqualTo(thumbs);

        // Stored as the worker stores it, and read back row for row.
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("evidence"));
        try (HikariDataSource ds =
                Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "ev")) {
            Database.migrate(ds);
            AssetEvidenceStore store = new AssetEvidenceStore(Database.jdbi(ds));
            UUID video = UUID.fromString(r.videoId());
            store.record(video, UUID.fromString(r.jobId()), ev);
            assertThat(store.of(video)).containsExactlyInAnyOrderElementsOf(ev);
            assertThat(store.of(video).get(0).kind()).isEqualTo("script");
            // Recorded again (a redelivery) with one asset fewer: that row goes, none doubles.
            store.record(video, UUID.fromString(r.jobId()), ev.subList(0, ev.size() - 1));
            assertThat(store.of(video)).hasSize(ev.size() - 1);
            ThumbnailStore variants = new ThumbnailStore(Database.jdbi(ds));
            variants.recordVariants(video, thumbs);
            variants.recordVariants(video, thumbs);
            assertThat(variants.variants(video)).isEqualTo(thumbs);
        }
    }

    @Test
    void aTrackFromTheMusicFolderCarriesItsSidecarsLicenceOrNone() throws Exception {
        Path music = Files.createDirectories(data.resolve("music"));
        Path track = music.resolve("calm-1.wav");
        MusicSynth.write(MusicMood.CALM, 12, 1, track);
        FlywheelConfig config = TestJobs.config(data, Map.of("render.music.dir", music.toString()));
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        Path media = RenderSetup.mediaRoot(config);

        AssetEvidence none =
                one(
                        new RenderPipeline(providers, media)
                                .run(job(MusicMood.CALM), new RecordedEvents())
                                .evidence(),
                        "music");
        assertThat(none.provider()).isEqualTo("music-folder");
        assertThat(none.source()).isEqualTo("music folder: calm-1.wav");
        assertThat(none.licence()).isNull();
        assertThat(none.missing()).contains("no licence");
        assertThat(none.receiptId()).isEqualTo(Receipts.of(track));

        Files.writeString(
                music.resolve("calm-1.wav.licence"),
                "licence: LicenseRef-YouTube-Audio-Library\n"
                        + "platforms: youtube_shorts\n"
                        + "source: https://studio.youtube.com/audiolibrary\n");
        AssetEvidence sidecar =
                one(
                        new RenderPipeline(providers, media)
                                .run(job(MusicMood.CALM), new RecordedEvents())
                                .evidence(),
                        "music");
        assertThat(sidecar.licence()).isEqualTo("LicenseRef-YouTube-Audio-Library");
        assertThat(sidecar.allowedPlatforms()).containsExactly("YOUTUBE_SHORTS");
        assertThat(sidecar.source())
                .isEqualTo("music folder: calm-1.wav from https://studio.youtube.com/audiolibrary");
        assertThat(sidecar.missing()).isEmpty();
    }

    private static AssetEvidence one(List<AssetEvidence> ev, String kind) {
        List<AssetEvidence> of = ev.stream().filter(e -> e.kind().equals(kind)).toList();
        assertThat(of).as(kind).hasSize(1);
        return of.get(0);
    }
}
