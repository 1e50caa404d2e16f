package io.flywheel.render.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.render.locale.ContentLocale;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.schemas.HookStyle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The offline script writer: a hook in the requested style, a bridge, as many tips from the niche's
 * corpus as fit the word budget (each a claim and, if room remains, its reason), and a call to
 * action. Niche corpora and the grammar ship in the jar, per locale (English at the top, every
 * other language in a folder named by its tag, e.g. {@code es-ES/}); an unknown niche gets generic
 * tips about its name. Same request and seed, same script.
 */
public final class TemplateScriptGenerator implements ScriptGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final String BASE = "/io/flywheel/render/script/";

    private final java.util.Map<String, JsonNode> grammars =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String provider() {
        return "template";
    }

    @Override
    public io.flywheel.render.evidence.Provenance provenance() {
        return new io.flywheel.render.evidence.Provenance(
                "template",
                "flywheel template corpus",
                io.flywheel.render.evidence.Provenance.FLYWHEEL_GENERATED);
    }

    @Override
    public String source(ScriptRequest r) {
        // English names no locale, as before locales existed.
        return "template corpus: "
                + (ContentLocale.of(r.locale()).isDefault() ? "" : "locale " + r.locale() + ", ")
                + "niche "
                + r.niche()
                + ", hook "
                + r.hookStyle()
                + ", pacing "
                + r.pacing()
                + ", seed "
                + r.seed();
    }

    @Override
    public StageRunner.Costed<Script> generate(ScriptRequest r) {
        return StageRunner.Costed.free(write(r));
    }

    public Script write(ScriptRequest r) {
        Random rnd = new Random(r.seed());
        String dir = dir(r.locale());
        JsonNode grammar = grammars.computeIfAbsent(dir, d -> load(d + "grammar.json"));
        JsonNode corpus = corpus(dir, r.niche());
        String topic = corpus != null ? corpus.path("topic").asText() : r.niche().replace('-', ' ');
        String audience =
                corpus != null
                        ? corpus.path("audience").asText()
                        : grammar.path("generic_audience")
                                .asText("anyone into {topic}")
                                .replace("{topic}", topic);
        List<String> nicheKeywords = new ArrayList<>();
        if (corpus != null) {
            corpus.path("keywords").forEach(k -> nicheKeywords.add(k.asText()));
        } else {
            nicheKeywords.addAll(List.of(topic.split(" ")));
        }
        List<JsonNode> tips = new ArrayList<>();
        (corpus != null ? corpus.path("tips") : grammar.path("generic_tips")).forEach(tips::add);
        Collections.shuffle(tips, rnd);

        int budget = r.wordBudget();
        // Hook ~10 words, bridge ~10, call to action ~7, each tip 10-20. Very short videos drop
        // the bridge, then the call to action, so that they stay near their length.
        boolean bridge = budget >= 40;
        boolean callToAction = budget >= 26;
        int overhead = 10 + (bridge ? 10 : 0) + (callToAction ? 7 : 0);
        int n = Math.max(1, Math.min(tips.size(), (budget - overhead) / 14));
        List<String> stats = new ArrayList<>();
        (corpus != null ? corpus.path("stats") : grammar.path("generic_stats"))
                .forEach(s -> stats.add(s.asText()));

        List<String> numbers = new ArrayList<>();
        grammar.path("numbers").forEach(w -> numbers.add(w.asText()));
        Fill f = new Fill(topic, audience, n, stats.isEmpty() ? "" : pick(stats, rnd), numbers);
        boolean lowerClaims = grammar.path("lowercase_claims").asBoolean(true);
        String space = grammar.path("spaceless").asBoolean(false) ? "" : " ";
        HookStyle style = r.hookStyle() == null ? HookStyle.UNKNOWN : r.hookStyle();
        JsonNode hooks = grammar.path("hooks").path(style.name());
        if (hooks.isMissingNode() || hooks.isEmpty()) {
            hooks = grammar.path("hooks").path("UNKNOWN");
        }
        String hook = upperFirst(f.apply(pick(hooks, rnd, n)));
        String bridgeText = upperFirst(f.apply(pick(grammar.path("bridges"), rnd, n)));
        if (bridge) {
            hook = hook + space + bridgeText;
        }

        List<Script.Scene> scenes = new ArrayList<>();
        String nicheLabel = corpus != null ? corpus.path("label").asText(null) : null;
        scenes.add(new Script.Scene(hook, nicheKeywords, moodOf(style), nicheLabel));
        int used = words(hook);
        String cta = f.apply(pick(grammar.path("ctas"), rnd));
        if (callToAction) {
            used += words(cta);
        }
        List<String> transitions = new ArrayList<>();
        grammar.path("transitions").forEach(t -> transitions.add(t.asText()));
        for (int i = 0; i < n; i++) {
            JsonNode tip = tips.get(i);
            String lead =
                    i == n - 1 && n > 1
                            ? pick(grammar.path("last_transition"), rnd)
                            : transitions.get(Math.min(i, transitions.size() - 1));
            String claim = f.apply(tip.path("claim").asText());
            String text = lead + space + (lowerClaims ? lowerFirst(claim) : claim);
            String detail = f.apply(tip.path("detail").asText());
            int remainingTips = n - i - 1;
            if (used + words(text) + words(detail) + remainingTips * 10 <= budget) {
                text = text + space + detail;
            }
            used += words(text);
            List<String> kw = new ArrayList<>();
            tip.path("keywords").forEach(k -> kw.add(k.asText()));
            scenes.add(
                    new Script.Scene(
                            text,
                            kw,
                            tip.path("mood").asText("calm"),
                            tip.path("label").asText(null)));
        }
        if (callToAction) {
            scenes.add(new Script.Scene(cta, nicheKeywords, "upbeat", nicheLabel));
        }
        String title = f.apply(pick(grammar.path("titles"), rnd, n));
        List<String> hashtags = new ArrayList<>();
        (corpus != null ? corpus.path("hashtags") : grammar.path("generic_hashtags"))
                .forEach(h -> hashtags.add(f.apply(h.asText())));
        return new Script(title, List.copyOf(scenes), true, List.copyOf(hashtags));
    }

    private static String moodOf(HookStyle style) {
        return switch (style) {
            case CONTRARIAN, BOLD_CLAIM, STATISTIC -> "dramatic";
            case STORY, QUESTION -> "calm";
            default -> "upbeat";
        };
    }

    /** The folder of a locale's grammar and corpora: English at the top. */
    private static String dir(String locale) {
        ContentLocale l = ContentLocale.of(locale);
        return l.isDefault() ? BASE : BASE + l.tag() + "/";
    }

    private JsonNode corpus(String dir, String niche) {
        if (niche == null || !SLUG.matcher(niche).matches()) {
            return null;
        }
        try (InputStream in = getClass().getResourceAsStream(dir + "niches/" + niche + ".json")) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode load(String resource) {
        try (InputStream in = TemplateScriptGenerator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pick(JsonNode array, Random rnd) {
        return array.get(rnd.nextInt(array.size())).asText();
    }

    /** A template that reads well with n tips: counts are left out when there is only one. */
    private static String pick(JsonNode array, Random rnd, int n) {
        List<String> fit = new ArrayList<>();
        array.forEach(
                t -> {
                    if (n > 1 || !(t.asText().contains("{n}") || t.asText().contains("{N}"))) {
                        fit.add(t.asText());
                    }
                });
        return fit.isEmpty() ? pick(array, rnd) : fit.get(rnd.nextInt(fit.size()));
    }

    private static String pick(List<String> list, Random rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    static int words(String s) {
        return ContentLocale.spokenWords(s);
    }

    private static String upperFirst(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        if (s.length() < 2 || Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private record Fill(String topic, String audience, int n, String stat, List<String> numbers) {
        String apply(String template) {
            String cap =
                    topic.isEmpty()
                            ? topic
                            : topic.substring(0, 1).toUpperCase(Locale.ROOT) + topic.substring(1);
            return template.replace("{topic}", topic)
                    .replace("{Topic}", titleCase(cap))
                    .replace("{audience}", audience)
                    .replace("{stat}", stat.replace("{topic}", topic))
                    .replace("{N}", Integer.toString(n))
                    .replace("{n}", n < numbers.size() ? numbers.get(n) : numberWord(n));
        }

        private static String titleCase(String s) {
            StringBuilder sb = new StringBuilder();
            for (String w : s.split(" ")) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
            }
            return sb.toString();
        }

        private static String numberWord(int n) {
            String[] w = {
                "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten"
            };
            return n < w.length ? w[n] : Integer.toString(n);
        }
    }
}
