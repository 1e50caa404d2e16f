package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each chosen parameter (content and timing; the segment's platform and niche are keys everywhere)
 * is named in main code only where issue 21 allows it: the table, the world, the stage that uses
 * it. Everywhere else the parameters are derived from {@link ParameterTable#ALL}, so an eleventh
 * parameter needs no edit there. A name is its snake_case form ({@code hook_style}, SQL, JSON,
 * Avro), its camelCase form ({@code hookStyle}) or the Avro class and accessors ({@code HookStyle},
 * {@code getHookStyle}); comments do not count, nor words inside a dashed name such as the world
 * {@code hooks-and-pacing}.
 */
class ParameterNamesInMainCodeTest {
    /** Where a parameter may be spelled out, by what the file is. */
    static final Map<String, String> ALLOWED =
            Map.ofEntries(
                    // the table and the arm whose components it reads
                    Map.entry("model/src/main/java/io/flywheel/model/ParameterTable.java", "table"),
                    Map.entry("model/src/main/java/io/flywheel/model/Arm.java", "table"),
                    // the world format and the simulated audience that reacts to the values
                    Map.entry(
                            "simulator/src/main/java/io/flywheel/simulator/WorldFile.java",
                            "world"),
                    Map.entry("simulator/src/main/java/io/flywheel/simulator/World.java", "world"),
                    Map.entry(
                            "simulator/src/main/java/io/flywheel/simulator/AudienceModel.java",
                            "world"),
                    // the bench's informed learner, which knows the world's structure (its
                    // posting-hour curve per platform) but not its values
                    Map.entry(
                            "benchmarks/src/main/java/io/flywheel/benchmarks/learning/InformedPolicy.java",
                            "world structure"),
                    // publishing at the posting hour
                    Map.entry(
                            "publishers/src/main/java/io/flywheel/publishers/PlatformAdapter.java",
                            "publish stage"),
                    Map.entry(
                            "publishers/src/main/java/io/flywheel/publishers/youtube/YouTubePlatform.java",
                            "publish stage"),
                    Map.entry(
                            "publishers/src/main/java/io/flywheel/publishers/sandbox/SandboxPlatform.java",
                            "publish stage"),
                    Map.entry(
                            "publishers/src/main/java/io/flywheel/publishers/service/PublishService.java",
                            "publish stage"),
                    // "voice" as the kind of asset licence evidence covers (the narration's audio)
                    Map.entry(
                            "publishers/src/main/java/io/flywheel/publishers/evidence/EvidenceGate.java",
                            "asset kind"),
                    Map.entry(
                            "store/src/main/java/io/flywheel/store/AssetEvidence.java",
                            "asset kind"),
                    Map.entry(
                            "store/src/main/java/io/flywheel/store/AssetEvidenceStore.java",
                            "asset kind"));

    /** The render stage: the renderer's steps that draw, speak, score and cut with the values. */
    static final List<String> RENDER_STAGE =
            Stream.of(
                            "assembly/",
                            "captions/",
                            "music/",
                            "narration/",
                            "openai/",
                            "script/",
                            "visuals/",
                            "RenderStages.java",
                            "PipelineCheck.java",
                            "worker/RenderWorker.java")
                    .map(f -> "render-workers/src/main/java/io/flywheel/render/" + f)
                    .toList();

    /**
     * Files that still spell parameters out and are not yet derived from the table, each with what
     * keeps it there. The list may only shrink: an entry that no longer names a parameter fails the
     * test, so it is removed when its file is converted.
     */
    static final Map<String, String> NOT_YET_DERIVED =
            Map.ofEntries(
                    Map.entry(
                            "schemas/src/main/java/io/flywheel/schemas/ContractRules.java",
                            "the voice field's text format: a pattern cannot be read from its doc"
                                    + " (ranges and enum rules are)"),
                    Map.entry(
                            "demo/src/main/java/io/flywheel/demo/DemoReport.java",
                            "the demo's printed words for an arm (pov hook, 30s, 18:00), written"
                                    + " for a reader"));

    @Test
    void parameterNamesAppearOnlyInTheTableTheWorldAndTheStagesThatUseThem() throws IOException {
        Map<String, Set<String>> found = namesInMainCode(projectRoot());

        Map<String, Set<String>> outside = new TreeMap<>();
        found.forEach(
                (file, names) -> {
                    if (!ALLOWED.containsKey(file)
                            && !NOT_YET_DERIVED.containsKey(file)
                            && RENDER_STAGE.stream().noneMatch(file::startsWith)) {
                        outside.put(file, names);
                    }
                });
        assertThat(outside)
                .as(
                        "files that name a content parameter instead of deriving it from"
                                + " ParameterTable.ALL")
                .isEmpty();
        assertThat(new TreeSet<>(NOT_YET_DERIVED.keySet()))
                .as("entries of NOT_YET_DERIVED that no longer name a parameter: remove them")
                .isSubsetOf(found.keySet());
    }

    @Test
    void theCheckFindsEverySpellingOfAParameter() {
        String code =
                "class X {\n"
                        + "  // hook_style in a comment is fine\n"
                        + "  String sql = \"SELECT caption_style FROM t\";\n"
                        + "  int h = a.postingHour();\n"
                        + "  Object m = p.getMusicMood();\n"
                        + "  String world = \"hooks-and-pacing\";\n"
                        + "  Object v = VisualStyle.BOLD;\n"
                        + "}\n";

        assertThat(namesIn(code))
                .containsExactly("VisualStyle", "caption_style", "getMusicMood", "postingHour");
    }

    static Map<String, Set<String>> namesInMainCode(Path root) throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .forEach(
                                    f -> {
                                        Set<String> names = namesIn(read(f));
                                        if (!names.isEmpty()) {
                                            found.put(
                                                    root.relativize(f)
                                                            .toString()
                                                            .replace('\\', '/'),
                                                    names);
                                        }
                                    });
                }
            }
        }
        return found;
    }

    /** The spellings of chosen parameters in Java source, comments left out, sorted. */
    static Set<String> namesIn(String source) {
        String code = COMMENT.matcher(source).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        for (Pattern p : spellings()) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private static List<Pattern> spellings() {
        List<Pattern> out = new ArrayList<>();
        for (Parameter p : ParameterTable.chosen()) {
            String camel = camel(p.name());
            String upper = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
            for (String form : List.of(p.name(), camel, "(?:get|set)?" + upper)) {
                String f = form.startsWith("(") ? form : Pattern.quote(form);
                out.add(Pattern.compile("(?<![\\w-])" + f + "(?![\\w-])"));
            }
        }
        return out;
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** The repository's root: the first directory up from here whose pom lists the model module. */
    private static Path projectRoot() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (Files.isRegularFile(pom)
                    && Files.readString(pom).contains("<module>model</module>")) {
                return d;
            }
        }
        throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
