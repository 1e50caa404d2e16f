package io.flywheel.render.narration;

import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.schemas.Pacing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Narration with the Debian espeak-ng, one process per phrase. The phrase text goes through a file
 * ({@code -f}), never the command line; the voice id is checked against a strict pattern.
 */
public final class EspeakNarrator implements Narrator {
    static final String DEFAULT_VOICE = "en-us";
    private static final Pattern VOICE =
            Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8}){0,2}(\\+[a-z0-9]{1,12})?");

    private final Path executable;
    private String version;

    public EspeakNarrator(Path executable) {
        this.executable = executable;
    }

    /** espeak-ng on the PATH, if installed. */
    public static java.util.Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "espeak-ng");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String provider() {
        return "espeak-ng";
    }

    /**
     * The program's version as it reports it, and its licence (GPL-3.0-or-later covers the program;
     * the speech it outputs is the user's to publish).
     */
    @Override
    public synchronized io.flywheel.render.evidence.Provenance provenance() {
        if (version == null) {
            ProcessRunner.Result r =
                    ProcessRunner.run(
                            List.of(executable.toString(), "--version"), Duration.ofSeconds(10));
            String out = r.stdout().strip();
            version =
                    out.isEmpty()
                            ? "espeak-ng (version not reported)"
                            : out.lines().findFirst().get();
        }
        return new io.flywheel.render.evidence.Provenance(provider(), version, "GPL-3.0-or-later");
    }

    public static String voiceOrDefault(String voice) {
        return voice != null && VOICE.matcher(voice).matches() ? voice : DEFAULT_VOICE;
    }

    @Override
    public StageRunner.Costed<Narration> narrate(
            List<Phrases.Phrase> phrases, String voice, Pacing pacing, Path dir)
            throws IOException {
        Path work = Files.createDirectories(dir.resolve("narration-parts"));
        PhraseAssembler assembler = new PhraseAssembler();
        String v = voiceOrDefault(voice);
        int wpm = ScriptRequest.wordsPerMinute(pacing);
        for (int i = 0; i < phrases.size(); i++) {
            Path text = work.resolve("phrase-" + i + ".txt");
            Path wav = work.resolve("phrase-" + i + ".wav");
            Files.writeString(text, phrases.get(i).text(), StandardCharsets.UTF_8);
            ProcessRunner.check(
                    List.of(
                            executable.toString(),
                            "-v",
                            v,
                            "-s",
                            Integer.toString(wpm),
                            "-b",
                            "1",
                            "-w",
                            wav.toString(),
                            "-f",
                            text.toString()),
                    Duration.ofSeconds(60));
            assembler.add(phrases.get(i), Files.readAllBytes(wav));
        }
        Narration n = assembler.write(dir, "narration.wav");
        deleteTree(work);
        return StageRunner.Costed.free(n);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
