package io.flywheel.model;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoLocale;
import io.flywheel.schemas.VisualStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.avro.Schema;

/**
 * The content parameters, once: name, Avro field, vocabulary and feature kind. Arms, arm keys, the
 * parameter space recommendations search, input validation, the boosters' features (in Java and,
 * through batch-jobs' adapter, in Spark) and the XGBoost feature map are all derived from these
 * rows, in this order. The values recommendations choose from ({@link ParameterSpace#DEFAULT}) are
 * the rows' values: every renderer supports them and the audience worlds know them.
 */
public final class ParameterTable {
    public static final int MIN_DURATION_S = 5;
    public static final int MAX_DURATION_S = 180;

    /**
     * The language recommendations offer a channel that allows no other ({@code render.locales}):
     * the one every video was made in before videos had a language parameter.
     */
    public static final String DEFAULT_LOCALE = "EN_US";

    public static final Pattern NICHE = Pattern.compile("[a-z0-9]{1,32}(-[a-z0-9]{1,32}){0,5}");
    public static final Pattern VOICE =
            Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8}){0,2}(\\+[a-z0-9]{1,12})?");

    /**
     * Values that matched each pattern, remembered (up to {@link #MATCHED_MAX} per pattern): a
     * score request checks 100 candidates that share a few niches and voices, and the regular
     * expressions cost more than the rest of the check.
     */
    private static final java.util.Map<Pattern, java.util.Set<String>> MATCHED =
            java.util.Map.of(
                    NICHE, java.util.concurrent.ConcurrentHashMap.newKeySet(),
                    VOICE, java.util.concurrent.ConcurrentHashMap.newKeySet());

    private static final int MATCHED_MAX = 10_000;

    private static boolean matches(Pattern pattern, String v) {
        java.util.Set<String> matched = MATCHED.get(pattern);
        if (matched.contains(v)) {
            return true;
        }
        boolean ok = pattern.matcher(v).matches();
        if (ok && matched.size() < MATCHED_MAX) {
            matched.add(v);
        }
        return ok;
    }

    /** Every parameter, in the schema's order. */
    public static final List<Parameter> ALL =
            List.of(
                    symbols("platform", Role.SEGMENT, Platform.getClassSchema(), Arm::platform),
                    new Parameter(
                            "niche",
                            "niche",
                            Role.SEGMENT,
                            FeatureKind.CATEGORICAL,
                            List.of(),
                            List.of(),
                            false,
                            0,
                            null,
                            Arm::niche,
                            v ->
                                    ((String) v).length() <= 64 && matches(NICHE, (String) v)
                                            ? null
                                            : "must be a lower-case slug (letters, digits and"
                                                    + " single dashes, at most 64)"),
                    symbols("hook_style", Role.CONTENT, HookStyle.getClassSchema(), Arm::hookStyle),
                    symbols("pacing", Role.CONTENT, Pacing.getClassSchema(), Arm::pacing),
                    whole(
                            "target_duration_s",
                            Role.CONTENT,
                            new Parameter.Range(MIN_DURATION_S, MAX_DURATION_S),
                            List.of("15", "30", "45", "60"),
                            0,
                            Arm::targetDurationS),
                    new Parameter(
                            "voice",
                            "voice",
                            Role.CONTENT,
                            FeatureKind.CATEGORICAL,
                            List.of(),
                            List.of("en-us+f3", "en-us+m3", "en-gb+f2", "en-us+m7"),
                            false,
                            0,
                            null,
                            Arm::voice,
                            v ->
                                    ((String) v).length() <= 40 && matches(VOICE, (String) v)
                                            ? null
                                            : "must be a voice id such as en-us+f3"),
                    symbols("music_mood", Role.CONTENT, MusicMood.getClassSchema(), Arm::musicMood),
                    symbols(
                            "caption_style",
                            Role.CONTENT,
                            CaptionStyle.getClassSchema(),
                            Arm::captionStyle),
                    symbols(
                            "visual_style",
                            Role.CONTENT,
                            VisualStyle.getClassSchema(),
                            Arm::visualStyle),
                    symbols(
                            "video_locale",
                            Role.CONTENT,
                            VideoLocale.getClassSchema(),
                            List.of(DEFAULT_LOCALE),
                            Arm::videoLocale),
                    whole(
                            "posting_hour",
                            Role.TIMING,
                            new Parameter.Range(0, 23),
                            IntStream.range(0, 24).mapToObj(String::valueOf).toList(),
                            24,
                            Arm::postingHour));

    // Computed once: arms ask for these per arm (segment, content, arm search) in scoring loops.
    private static final List<String> NAMES = ALL.stream().map(Parameter::name).toList();
    private static final java.util.Set<String> NAME_SET = java.util.Set.copyOf(NAMES);
    private static final Map<Role, List<Parameter>> BY_ROLE = byRole();
    private static final List<Parameter> CHOSEN =
            ALL.stream().filter(p -> p.role() != Role.SEGMENT).toList();
    private static final Parameter TIMING = timingRow();
    private static final Parameter LANGUAGE = get("video_locale");

    /** The boosters' columns: one per parameter, two more (sin, cos) for a cyclic one. */
    public static final List<Feature> FEATURES = features();

    private ParameterTable() {}

    public static Parameter get(String name) {
        for (Parameter p : ALL) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no content parameter " + name);
    }

    public static List<String> names() {
        return NAMES;
    }

    /** Whether {@code name} is a content parameter's name. */
    public static boolean isName(String name) {
        return NAME_SET.contains(name);
    }

    public static List<Parameter> of(Role role) {
        return BY_ROLE.get(role);
    }

    /** The parameters besides the segment's, in order. */
    public static List<Parameter> chosen() {
        return CHOSEN;
    }

    private static Parameter timingRow() {
        List<Parameter> t = BY_ROLE.get(Role.TIMING);
        if (t.size() != 1) {
            throw new IllegalStateException("the table needs one timing parameter, not " + t);
        }
        return t.get(0);
    }

    private static Map<Role, List<Parameter>> byRole() {
        Map<Role, List<Parameter>> m = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            m.put(r, ALL.stream().filter(p -> p.role() == r).toList());
        }
        return m;
    }

    public static List<String> featureNames() {
        return FEATURES.stream().map(Feature::name).toList();
    }

    /** The type of each column for xgboost4j-spark's {@code setFeatureTypes}. */
    public static String[] trainingTypes() {
        return FEATURES.stream().map(f -> f.kind().trainingType()).toArray(String[]::new);
    }

    /** The language a video is made in (its values are {@link #DEFAULT_LOCALE}'s kind). */
    public static Parameter language() {
        return LANGUAGE;
    }

    /** The one {@link Role#TIMING} parameter: when a video is posted. */
    public static Parameter timing() {
        return TIMING;
    }

    /**
     * The values the effects model chooses from, one list per {@link Role#CONTENT} parameter in
     * order (numbers as decimal text): {@link ParameterSpace#DEFAULT}'s.
     */
    public static List<List<String>> contentValues() {
        return ParameterSpace.DEFAULT.contentValues();
    }

    /** The posting times recommendations choose from: {@link ParameterSpace#DEFAULT}'s. */
    public static List<Integer> timingValues() {
        return ParameterSpace.DEFAULT.timingValues();
    }

    static Schema.Field avroField(Parameter p) {
        return ContentParameters.getClassSchema().getField(p.avroField());
    }

    private static List<Feature> features() {
        List<Feature> out = new ArrayList<>();
        for (Parameter p : ALL) {
            out.add(
                    new Feature(
                            p.name(),
                            p,
                            p.kind(),
                            p.kind() == FeatureKind.CATEGORICAL
                                    ? Feature.Form.POSITION
                                    : Feature.Form.VALUE));
            if (p.cycle() > 0) {
                out.add(new Feature(p.name() + "_sin", p, FeatureKind.NUMERIC, Feature.Form.SIN));
                out.add(new Feature(p.name() + "_cos", p, FeatureKind.NUMERIC, Feature.Form.COS));
            }
        }
        return List.copyOf(out);
    }

    /**
     * An Avro enum parameter: the encoder's vocabulary is every symbol (UNKNOWN included, so a
     * value's position is the same for every model), recommendations offer all but UNKNOWN.
     */
    private static Parameter symbols(
            String name, Role role, Schema enumSchema, Function<Arm, Object> read) {
        return symbols(name, role, enumSchema, known(enumSchema), read);
    }

    private static List<String> known(Schema enumSchema) {
        return enumSchema.getEnumSymbols().stream().filter(s -> !s.equals("UNKNOWN")).toList();
    }

    /**
     * An Avro enum parameter whose values recommendations offer by default are fewer than its
     * symbols (the others are offered where a setting allows them, e.g. a channel's languages).
     */
    private static Parameter symbols(
            String name,
            Role role,
            Schema enumSchema,
            List<String> offered,
            Function<Arm, Object> read) {
        List<String> known = known(enumSchema);
        java.util.Set<String> knownSet = java.util.Set.copyOf(known);
        if (!known.containsAll(offered)) {
            throw new IllegalStateException(name + " offers values it does not have: " + offered);
        }
        return new Parameter(
                name,
                name,
                role,
                FeatureKind.CATEGORICAL,
                enumSchema.getEnumSymbols(),
                offered,
                false,
                0,
                null,
                read,
                v -> knownSet.contains(v) ? null : "must be one of " + known);
    }

    /**
     * A whole number in a range, ordinal in the boosters; above zero, {@code cycle} is its period.
     */
    private static Parameter whole(
            String name,
            Role role,
            Parameter.Range range,
            List<String> values,
            int cycle,
            Function<Arm, Object> read) {
        return new Parameter(
                name,
                name,
                role,
                FeatureKind.ORDINAL,
                List.of(),
                values,
                true,
                cycle,
                range,
                read,
                v -> {
                    int i = (Integer) v;
                    return i >= range.min() && i <= range.max()
                            ? null
                            : "must be between " + range.min() + " and " + range.max();
                });
    }
}
