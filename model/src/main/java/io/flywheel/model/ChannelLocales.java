package io.flywheel.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The locales each channel (platform) may make videos in ({@code render.locales}), as BCP 47 tags
 * ({@code es-ES}), its default first. Recommendations offer a segment only its platform's: they are
 * the language parameter's values in the segment's {@link ParameterSpace}. A platform not named
 * offers {@link ParameterTable#DEFAULT_LOCALE} only, as before videos had a language.
 *
 * <p>A parameter value is the tag in capitals with {@code _} for {@code -} ({@code ES_ES}): Avro
 * symbols allow no dash.
 *
 * @param tags each platform's allowed tags, its default first
 */
public record ChannelLocales(Map<String, List<String>> tags) {
    /** Every channel in {@link ParameterTable#DEFAULT_LOCALE} only. */
    public static final ChannelLocales DEFAULT = new ChannelLocales(Map.of());

    public ChannelLocales {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        List<String> platforms =
                java.util.Arrays.stream(io.flywheel.schemas.Platform.values())
                        .filter(p -> p != io.flywheel.schemas.Platform.UNKNOWN)
                        .map(Enum::name)
                        .toList();
        tags.forEach(
                (platform, allowed) -> {
                    if (!platforms.contains(platform)) {
                        throw new IllegalArgumentException(
                                "render.locales: '"
                                        + platform
                                        + "' is not a channel; one of "
                                        + platforms);
                    }
                    if (allowed.isEmpty()) {
                        throw new IllegalArgumentException(platform + " allows no locale");
                    }
                    allowed.forEach(ChannelLocales::value);
                    copy.put(platform, List.copyOf(allowed));
                });
        tags = java.util.Collections.unmodifiableMap(copy);
    }

    /** The tags a video can be made in, e.g. {@code [en-US, es-ES, ...]}. */
    public static List<String> supported() {
        return ParameterTable.language().vocabulary().stream()
                .filter(s -> !s.equals("UNKNOWN"))
                .map(ChannelLocales::tag)
                .toList();
    }

    /** The parameter value of a tag ({@code es-ES} is {@code ES_ES}); an error naming the rest. */
    public static String value(String tag) {
        String v = tag == null ? "" : tag.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (tag == null
                || !supported().contains(tag)
                || !ParameterTable.language().vocabulary().contains(v)) {
            throw new IllegalArgumentException(
                    "locale '" + tag + "' is not supported; one of " + supported());
        }
        return v;
    }

    /** The tag of a parameter value ({@code ES_ES} is {@code es-ES}). */
    public static String tag(String value) {
        int u = value.indexOf('_');
        return value.substring(0, u).toLowerCase(java.util.Locale.ROOT)
                + "-"
                + value.substring(u + 1);
    }

    /** A platform's allowed values (symbols), its default first. */
    public List<String> values(String platform) {
        return tags.getOrDefault(platform, List.of(tag(ParameterTable.DEFAULT_LOCALE))).stream()
                .map(ChannelLocales::value)
                .toList();
    }

    /** Whether a platform may make a video in a value. */
    public boolean allows(String platform, String value) {
        return values(platform).contains(value);
    }

    /** A space with the platform's locales as the language parameter's values. */
    public ParameterSpace space(String platform, ParameterSpace base) {
        return base.with(ParameterTable.language(), values(platform));
    }

    /** The arm with its language set to a value, everything else as it was. */
    public static Arm in(Arm arm, String value) {
        Parameter language = ParameterTable.language();
        return Arm.read(p -> p == language ? value : arm.get(p));
    }

    /** The language of an arm, as a tag ({@code es-ES}). */
    public static String tagOf(Arm arm) {
        return tag(ParameterTable.language().text(arm));
    }
}
