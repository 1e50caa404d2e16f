package io.flywheel.render.narration;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.SingleFileAudioPlayer;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.schemas.Pacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;

/**
 * Pure-Java narration with FreeTTS's {@code kevin16} voice, for machines without espeak-ng. FreeTTS
 * voices are not thread-safe, so one phrase is spoken at a time per process.
 */
public final class FreeTtsNarrator implements Narrator {
    private static final Object LOCK = new Object();

    static {
        System.setProperty(
                "freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
    }

    @Override
    public String provider() {
        return "freetts";
    }

    /** FreeTTS 1.2.2 and its CMU voice are under FreeTTS's BSD-style licence. */
    @Override
    public io.flywheel.render.evidence.Provenance provenance() {
        return new io.flywheel.render.evidence.Provenance(
                provider(), "freetts 1.2.2, voice kevin16", "LicenseRef-FreeTTS-BSD-style");
    }

    @Override
    public StageRunner.Costed<Narration> narrate(
            List<Phrases.Phrase> phrases, String voice, Pacing pacing, Path dir)
            throws IOException {
        Path work = Files.createDirectories(dir.resolve("narration-parts"));
        PhraseAssembler assembler = new PhraseAssembler();
        synchronized (LOCK) {
            Voice v = VoiceManager.getInstance().getVoice("kevin16");
            if (v == null) {
                throw new IllegalStateException("FreeTTS voice kevin16 is not on the classpath");
            }
            v.allocate();
            try {
                v.setRate(ScriptRequest.wordsPerMinute(pacing));
                for (int i = 0; i < phrases.size(); i++) {
                    String base = work.resolve("phrase-" + i).toString();
                    SingleFileAudioPlayer player =
                            new SingleFileAudioPlayer(base, AudioFileFormat.Type.WAVE);
                    v.setAudioPlayer(player);
                    v.speak(phrases.get(i).text());
                    player.close();
                    assembler.add(phrases.get(i), Files.readAllBytes(Path.of(base + ".wav")));
                }
            } finally {
                v.deallocate();
            }
        }
        Narration n = assembler.write(dir, "narration.wav");
        EspeakNarrator.deleteTree(work);
        return StageRunner.Costed.free(n);
    }
}
