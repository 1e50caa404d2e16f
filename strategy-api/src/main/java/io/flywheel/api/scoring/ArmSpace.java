package io.flywheel.api.scoring;

import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.ParameterSpace;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * What values an arm may take: the schemas' enum symbols (never UNKNOWN, which only an old reader
 * sees), slug niches, voice ids of the narrator's form, a duration and an hour in range. The
 * candidate values that recommendations draw from are listed here too.
 */
public final class ArmSpace {
    public static final List<String> PARAMETERS =
            List.of(
                    "platform",
                    "niche",
                    "hook_style",
                    "pacing",
                    "target_duration_s",
                    "voice",
                    "music_mood",
                    "caption_style",
                    "visual_style",
                    "posting_hour");

    public static final List<String> PLATFORMS = symbols(Platform.getClassSchema());
    public static final List<String> HOOK_STYLES = symbols(HookStyle.getClassSchema());
    public static final List<String> PACINGS = symbols(Pacing.getClassSchema());
    public static final List<String> MUSIC_MOODS = symbols(MusicMood.getClassSchema());
    public static final List<String> CAPTION_STYLES = symbols(CaptionStyle.getClassSchema());
    public static final List<String> VISUAL_STYLES = symbols(VisualStyle.getClassSchema());

    /** Durations that recommendations propose (any 5-180 s is accepted as input). */
    public static final List<Integer> DURATIONS = List.of(15, 30, 45, 60);

    /** espeak-ng voices that recommendations propose (any well-formed voice id is accepted). */
    public static final List<String> VOICES = List.of("en-us", "en-us+f3", "en-gb", "en-gb+m3");

    /**
     * The content values the effects model chooses from, one list per content parameter in its
     * order ({@code EffectsLayout.CONTENT}: hook_style, pacing, target_duration_s as decimal text,
     * voice, music_mood, caption_style, visual_style): the enums' symbols and the durations and
     * voices of {@link ParameterSpace#DEFAULT}, the space the batch jobs fit and search the same
     * model over (the boosters' pool keeps {@link #VOICES}).
     */
    public static final List<List<String>> CONTENT_VALUES =
            List.of(
                    HOOK_STYLES,
                    PACINGS,
                    ParameterSpace.DEFAULT.durationsS().stream().map(String::valueOf).toList(),
                    ParameterSpace.DEFAULT.voices(),
                    MUSIC_MOODS,
                    CAPTION_STYLES,
                    VISUAL_STYLES);

    /** Posting hours recommendations choose from: all of them. */
    public static final List<Integer> HOURS =
            java.util.stream.IntStream.range(0, 24).boxed().toList();

    public static final int MIN_DURATION_S = 5;
    public static final int MAX_DURATION_S = 180;
    public static final Pattern NICHE = Pattern.compile("[a-z0-9]{1,32}(-[a-z0-9]{1,32}){0,5}");
    public static final Pattern VOICE =
            Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8}){0,2}(\\+[a-z0-9]{1,12})?");

    private ArmSpace() {}

    private static List<String> symbols(Schema enumSchema) {
        return enumSchema.getEnumSymbols().stream().filter(s -> !s.equals("UNKNOWN")).toList();
    }

    /** Checks a platform value; returns an error or null. */
    public static String platformError(String platform) {
        return oneOf(platform, PLATFORMS);
    }

    public static String nicheError(String niche) {
        if (niche == null) {
            return "is required";
        }
        return niche.length() <= 64 && NICHE.matcher(niche).matches()
                ? null
                : "must be a lower-case slug (letters, digits and single dashes, at most 64)";
    }

    private static String oneOf(String v, List<String> allowed) {
        if (v == null) {
            return "is required";
        }
        return allowed.contains(v) ? null : "must be one of " + allowed;
    }

    /**
     * Reads an arm from its JSON fields, collecting every error under {@code pointer}. Returns null
     * when there are errors.
     */
    public static Arm validate(Map<String, Object> in, String pointer, List<FieldError> errors) {
        int before = errors.size();
        if (in == null) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        for (String k : in.keySet()) {
            if (!PARAMETERS.contains(k)) {
                errors.add(new FieldError(pointer + "/" + k, "is not a content parameter"));
            }
        }
        String platform = text(in, "platform", pointer, errors);
        String niche = text(in, "niche", pointer, errors);
        String hook = text(in, "hook_style", pointer, errors);
        String pacing = text(in, "pacing", pointer, errors);
        Integer duration = integer(in, "target_duration_s", pointer, errors);
        String voice = text(in, "voice", pointer, errors);
        String music = text(in, "music_mood", pointer, errors);
        String caption = text(in, "caption_style", pointer, errors);
        String visual = text(in, "visual_style", pointer, errors);
        Integer hour = integer(in, "posting_hour", pointer, errors);
        check(errors, pointer + "/platform", platform, platformError(platform));
        check(errors, pointer + "/niche", niche, nicheError(niche));
        check(errors, pointer + "/hook_style", hook, oneOf(hook, HOOK_STYLES));
        check(errors, pointer + "/pacing", pacing, oneOf(pacing, PACINGS));
        check(errors, pointer + "/music_mood", music, oneOf(music, MUSIC_MOODS));
        check(errors, pointer + "/caption_style", caption, oneOf(caption, CAPTION_STYLES));
        check(errors, pointer + "/visual_style", visual, oneOf(visual, VISUAL_STYLES));
        if (voice != null && (voice.length() > 40 || !VOICE.matcher(voice).matches())) {
            errors.add(new FieldError(pointer + "/voice", "must be a voice id such as en-us+f3"));
        }
        if (duration != null && (duration < MIN_DURATION_S || duration > MAX_DURATION_S)) {
            errors.add(
                    new FieldError(
                            pointer + "/target_duration_s",
                            "must be between " + MIN_DURATION_S + " and " + MAX_DURATION_S));
        }
        if (hour != null && (hour < 0 || hour > 23)) {
            errors.add(new FieldError(pointer + "/posting_hour", "must be between 0 and 23"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new Arm(
                platform, niche, hook, pacing, duration, voice, music, caption, visual, hour);
    }

    private static void check(List<FieldError> errors, String ptr, String value, String error) {
        if (value != null && error != null) {
            errors.add(new FieldError(ptr, error));
        }
    }

    private static String text(
            Map<String, Object> in, String key, String pointer, List<FieldError> errors) {
        Object v = in.get(key);
        if (v == null) {
            errors.add(new FieldError(pointer + "/" + key, "is required"));
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(new FieldError(pointer + "/" + key, "must be a string"));
            return null;
        }
        return s;
    }

    private static Integer integer(
            Map<String, Object> in, String key, String pointer, List<FieldError> errors) {
        Object v = in.get(key);
        if (v == null) {
            errors.add(new FieldError(pointer + "/" + key, "is required"));
            return null;
        }
        if (!(v instanceof Integer i)) {
            errors.add(new FieldError(pointer + "/" + key, "must be an integer"));
            return null;
        }
        return i;
    }
}
