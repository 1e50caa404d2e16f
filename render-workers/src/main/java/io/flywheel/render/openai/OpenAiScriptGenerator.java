package io.flywheel.render.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.render.locale.ContentLocale;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.ScriptGenerator;
import io.flywheel.render.script.ScriptRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scripts from an OpenAI-compatible chat completions endpoint, asked for JSON scenes. */
public final class OpenAiScriptGenerator implements ScriptGenerator {
    /** Cost estimate per token in micro-USD (a small hosted model's order of magnitude). */
    static final long MICRO_USD_PER_TOKEN = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiClient client;
    private final String model;

    public OpenAiScriptGenerator(OpenAiClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    public String provider() {
        return "openai-chat";
    }

    @Override
    public boolean paid() {
        return true;
    }

    @Override
    public StageRunner.Costed<Script> generate(ScriptRequest r) throws Exception {
        String system = system(ContentLocale.of(r.locale()));
        String user = prompt(r);
        Map<String, Object> body =
                Map.of(
                        "model", model,
                        "temperature", 0.8,
                        "seed", r.seed(),
                        "response_format", Map.of("type", "json_object"),
                        "messages",
                                List.of(
                                        Map.of("role", "system", "content", system),
                                        Map.of("role", "user", "content", user)));
        return parse(client.postJson("/chat/completions", body));
    }

    @Override
    public io.flywheel.render.evidence.Provenance provenance() {
        return new io.flywheel.render.evidence.Provenance(
                provider(), model, io.flywheel.render.evidence.Provenance.OPENAI_TERMS);
    }

    @Override
    public String source(ScriptRequest r) {
        return prompt(r);
    }

    /**
     * The system message: the JSON shape, and for a locale other than en-US the language the title,
     * scenes and hashtags are written in (keywords stay English: they choose pictures).
     */
    static String system(ContentLocale locale) {
        String shape =
                "You write scripts for short vertical videos. Answer with JSON only: "
                        + "{\"title\": string, \"scenes\": [{\"text\": string, \"keywords\": [string], "
                        + "\"mood\": \"calm\"|\"upbeat\"|\"dramatic\"}], \"hashtags\": [string]}. "
                        + "The first scene is the hook.";
        if (locale.isDefault()) {
            return shape;
        }
        return shape
                + " Write the title, every scene's text and the hashtags in "
                + locale.language()
                + " (locale "
                + locale.tag()
                + "), as a native speaker would say them; keywords stay in English, and each scene"
                + " may add \"label\": one word of its text in that language, shown on its picture.";
    }

    /** The user message of the request: the script's prompt. */
    static String prompt(ScriptRequest r) {
        return String.format(
                (ContentLocale.of(r.locale()).isDefault()
                                ? ""
                                : "Language: " + ContentLocale.of(r.locale()).language() + ". ")
                        + "Niche: %s. Hook style: %s. Pacing: %s. About %d words in total for %d seconds on %s. "
                        + "Four to eight scenes, each one or two sentences.",
                r.niche(),
                r.hookStyle(),
                r.pacing(),
                r.wordBudget(),
                r.targetDurationS(),
                r.platform());
    }

    private StageRunner.Costed<Script> parse(JsonNode resp) throws ProviderException {
        long cost = resp.path("usage").path("total_tokens").asLong(0) * MICRO_USD_PER_TOKEN;
        String content = resp.path("choices").path(0).path("message").path("content").asText("");
        JsonNode doc;
        try {
            doc = JSON.readTree(stripFences(content));
        } catch (Exception e) {
            throw new ProviderException("bad_response", "the model's answer is not JSON", true, e);
        }
        List<Script.Scene> scenes = new ArrayList<>();
        for (JsonNode s : doc.path("scenes")) {
            String text = s.path("text").asText("").strip();
            if (text.isEmpty()) {
                continue;
            }
            List<String> kw = new ArrayList<>();
            s.path("keywords").forEach(k -> kw.add(k.asText()));
            scenes.add(
                    new Script.Scene(
                            text, kw, s.path("mood").asText("calm"), s.path("label").asText(null)));
        }
        String title = doc.path("title").asText("").strip();
        if (scenes.isEmpty() || title.isEmpty()) {
            throw new ProviderException(
                    "bad_response", "the model's answer has no title or no scenes", true);
        }
        List<String> hashtags = new ArrayList<>();
        doc.path("hashtags")
                .forEach(
                        h -> {
                            String t = h.asText("").strip().replaceFirst("^#+", "");
                            if (!t.isEmpty()) {
                                hashtags.add(t);
                            }
                        });
        return new StageRunner.Costed<>(
                new Script(title, List.copyOf(scenes), true, hashtags), cost);
    }

    private static String stripFences(String s) {
        String t = s.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("```\\s*$", "");
        }
        return t;
    }
}
