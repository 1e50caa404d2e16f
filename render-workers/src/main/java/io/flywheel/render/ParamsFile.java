package io.flywheel.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.model.Arm;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.RenditionSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A parameters file for {@code flywheel render}: JSON with the content parameters' names from
 * {@link ParameterTable} (the Avro schema's field names, e.g. {@code platform}, {@code niche}),
 * plus optional {@code title}, {@code script} and {@code renditions} ([{label, width, height}]). A
 * parameter left out takes its value from {@link #DEFAULTS}; enum values may be lower case with
 * dashes. Unknown fields are an error, so a typo is never ignored.
 */
public final class ParamsFile {
    /** The values a parameters file need not give, in {@link ParameterTable#ALL}'s order. */
    static final Arm DEFAULTS =
            Arm.of(
                    List.of(
                            "YOUTUBE_SHORTS",
                            "personal-finance",
                            "QUESTION",
                            "MEDIUM",
                            30,
                            "en-us",
                            "CALM",
                            "WORD_HIGHLIGHT",
                            "GRADIENT",
                            "EN_US",
                            18));

    private static final Set<String> KNOWN = known();

    private ParamsFile() {}

    public static RenderJob read(Path file, boolean preview) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(
                        "unknown field '"
                                + f
                                + "' in "
                                + file
                                + "; known: "
                                + new java.util.TreeSet<>(KNOWN));
            }
        }
        List<Object> values = new ArrayList<>();
        Optional<String> locale = text(n, "locale");
        for (Parameter param : ParameterTable.ALL) {
            // "locale" (a tag, e.g. es-ES) names the language parameter's value too.
            values.add(
                    param == ParameterTable.language() && locale.isPresent()
                            ? ChannelLocales.value(locale.get())
                            : value(param, n));
        }
        ContentParameters p = Arm.of(values).toAvro();
        List<RenditionSpec> renditions = new ArrayList<>();
        for (JsonNode r : n.path("renditions")) {
            int w = r.path("width").asInt();
            int h = r.path("height").asInt();
            if (w < 16 || h < 16 || w > 4096 || h > 4096 || w % 2 != 0 || h % 2 != 0) {
                throw new IllegalArgumentException(
                        "renditions need even width and height in 16-4096");
            }
            renditions.add(new RenditionSpec(r.path("label").asText(w + "x" + h), w, h));
        }
        return new RenderJob(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                p,
                text(n, "title"),
                text(n, "script"),
                renditions,
                preview,
                locale);
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) && !n.path(field).asText().isBlank()
                ? Optional.of(n.path(field).asText())
                : Optional.empty();
    }

    private static Set<String> known() {
        Set<String> k = new java.util.HashSet<>(ParameterTable.names());
        k.addAll(List.of("title", "script", "renditions", "locale"));
        return Set.copyOf(k);
    }

    /** A parameter's value from the file, or its default; checked as the table says. */
    private static Object value(Parameter param, JsonNode n) {
        JsonNode v = n.path(param.name());
        if (v.isMissingNode() || v.isNull()) {
            return DEFAULTS.get(param);
        }
        if (param.integer()) {
            if (!v.canConvertToInt()) {
                throw new IllegalArgumentException(
                        param.name() + " must be a whole number, not '" + v.asText() + "'");
            }
            String problem = param.problem(v.asInt());
            if (problem != null) {
                throw new IllegalArgumentException(param.name() + " " + problem);
            }
            return v.asInt();
        }
        if (param.vocabulary().isEmpty()) {
            return v.asText();
        }
        String symbol = v.asText().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!param.vocabulary().contains(symbol)) {
            throw new IllegalArgumentException(
                    param.name()
                            + " must be one of "
                            + param.vocabulary()
                            + ", not '"
                            + v.asText()
                            + "'");
        }
        return symbol;
    }
}
