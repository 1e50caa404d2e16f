package io.flywheel.render.locale;

import io.flywheel.config.RenderSettings;
import java.util.List;
import java.util.Locale;

/**
 * A language a video is made in: what the script generator writes, the voice that speaks it, the
 * script its captions are drawn in, and how they are laid out (right to left for Arabic; no spaces
 * between words for Japanese, so lines break between characters).
 *
 * @param tag the BCP 47 tag, e.g. {@code es-ES}; it names the corpus and the caption files
 * @param language the language's English name, as a chat model is asked to write in it
 * @param espeakVoice the espeak-ng voice of the language
 * @param espeakSpeaks whether espeak-ng 1.51 (Debian 12) reads the language's normal writing: it
 *     spells Japanese kanji out as "Chinese letter", so Japanese needs the OpenAI-compatible TTS
 * @param script the Unicode script of the language's letters
 * @param rightToLeft lines run right to left
 * @param spaceless words are not separated by spaces
 * @param font the font family drawn first (others fill in characters it lacks)
 */
public record ContentLocale(
        String tag,
        String language,
        String espeakVoice,
        boolean espeakSpeaks,
        Character.UnicodeScript script,
        boolean rightToLeft,
        boolean spaceless,
        String font) {

    public static final ContentLocale EN_US = latin("en-US", "English", "en-us");

    private static final List<ContentLocale> ALL =
            List.of(
                    EN_US,
                    latin("es-ES", "Spanish (Spain)", "es"),
                    latin("pt-BR", "Brazilian Portuguese", "pt-br"),
                    latin("de-DE", "German", "de"),
                    new ContentLocale(
                            "hi-IN",
                            "Hindi (Devanagari script)",
                            "hi",
                            true,
                            Character.UnicodeScript.DEVANAGARI,
                            false,
                            false,
                            "Noto Sans Devanagari"),
                    new ContentLocale(
                            "ar-SA",
                            "Modern Standard Arabic",
                            "ar",
                            true,
                            Character.UnicodeScript.ARABIC,
                            true,
                            false,
                            "Noto Sans Arabic"),
                    new ContentLocale(
                            "ja-JP",
                            "Japanese",
                            "ja",
                            false,
                            Character.UnicodeScript.HAN,
                            false,
                            true,
                            "Noto Sans CJK JP"));

    static {
        if (!ALL.stream()
                .map(ContentLocale::tag)
                .toList()
                .equals(RenderSettings.SUPPORTED_LOCALES)) {
            throw new IllegalStateException("ContentLocale and RenderSettings disagree");
        }
        if (!io.flywheel.model.ChannelLocales.supported()
                .equals(RenderSettings.SUPPORTED_LOCALES)) {
            throw new IllegalStateException(
                    "the language parameter's values and RenderSettings disagree");
        }
    }

    /** A language in Latin letters that espeak-ng speaks, drawn in DejaVu Sans. */
    private static ContentLocale latin(String tag, String language, String espeakVoice) {
        return new ContentLocale(
                tag,
                language,
                espeakVoice,
                true,
                Character.UnicodeScript.LATIN,
                false,
                false,
                "DejaVu Sans");
    }

    public static List<ContentLocale> all() {
        return ALL;
    }

    /** The supported locale with this tag; an error naming the supported ones otherwise. */
    public static ContentLocale of(String tag) {
        for (ContentLocale l : ALL) {
            if (l.tag.equals(tag)) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                "locale '"
                        + tag
                        + "' is not supported; one of "
                        + RenderSettings.SUPPORTED_LOCALES);
    }

    public boolean isDefault() {
        return this.equals(EN_US);
    }

    public Locale javaLocale() {
        return Locale.forLanguageTag(tag);
    }

    /**
     * The espeak-ng voice for a requested one: a voice of this language is kept as asked; any other
     * is replaced by this language's, keeping its variant (e.g. {@code en-us+f3} becomes {@code
     * es+f3} for Spanish).
     */
    public String espeakVoiceFor(String requested) {
        if (isDefault() || requested == null) {
            return requested;
        }
        String base =
                requested.contains("+")
                        ? requested.substring(0, requested.indexOf('+'))
                        : requested;
        String variant = requested.contains("+") ? requested.substring(requested.indexOf('+')) : "";
        if (base.equals(espeakVoice)) {
            return requested;
        }
        return espeakVoice + variant;
    }

    /**
     * The script's length in spoken words: whitespace-separated words, where a run of characters
     * without spaces (Japanese) counts one word per two characters, as a narrator speaks them.
     */
    public static int spokenWords(String text) {
        int words = 0;
        for (String token : text.strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int cjk = 0;
            for (int i = 0; i < token.length(); ) {
                int cp = token.codePointAt(i);
                if (isCjk(cp)) {
                    cjk++;
                }
                i += Character.charCount(cp);
            }
            words += cjk > 0 ? Math.max(1, (cjk + 1) / 2) : 1;
        }
        return words;
    }

    /** Han, Hiragana, Katakana (with its prolonged sound mark) and the CJK punctuation. */
    public static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN
                || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA
                || (cp >= 0x3000 && cp <= 0x30FF)
                || (cp >= 0xFF00 && cp <= 0xFFEF);
    }
}
