package io.flywheel.model;

import io.flywheel.schemas.ContentParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * One arm: a full set of content parameters, enum values as the schema's symbols (e.g. {@code
 * TIKTOK}). Everything beyond the components is derived from {@link ParameterTable}.
 */
public record Arm(
        String platform,
        String niche,
        String hookStyle,
        String pacing,
        int targetDurationS,
        String voice,
        String musicMood,
        String captionStyle,
        String visualStyle,
        String videoLocale,
        int postingHour)
        implements Serializable {

    /** An arm of values in {@link ParameterTable#ALL}'s order (numbers as Integer or text). */
    public static Arm of(List<?> values) {
        if (values.size() != ParameterTable.ALL.size()) {
            throw new IllegalArgumentException(
                    "an arm has " + ParameterTable.ALL.size() + " values, not " + values.size());
        }
        Object[] v = new Object[values.size()];
        for (int i = 0; i < v.length; i++) {
            Parameter p = ParameterTable.ALL.get(i);
            Object x = values.get(i);
            v[i] =
                    p.integer()
                            ? (Integer) (x instanceof Integer n ? n : Integer.valueOf(x.toString()))
                            : String.valueOf(x);
        }
        return new Arm(
                (String) v[0],
                (String) v[1],
                (String) v[2],
                (String) v[3],
                (Integer) v[4],
                (String) v[5],
                (String) v[6],
                (String) v[7],
                (String) v[8],
                (String) v[9],
                (Integer) v[10]);
    }

    /** An arm of a segment with content values ({@link Role#CONTENT}'s order) and an hour. */
    public static Arm of(String platform, String niche, List<String> content, int hour) {
        List<Object> values = new ArrayList<>(ParameterTable.ALL.size());
        values.add(platform);
        values.add(niche);
        values.addAll(content);
        values.add(hour);
        return of(values);
    }

    /**
     * An arm from each parameter's value as a source holds it (a JSON object, a result set's
     * columns): numbers as Integer or text, enum values as symbols or Avro enums.
     */
    public static Arm read(Function<Parameter, Object> valueOf) {
        List<Object> values = new ArrayList<>(ParameterTable.ALL.size());
        for (Parameter p : ParameterTable.ALL) {
            Object v = valueOf.apply(p);
            if (v == null) {
                throw new IllegalArgumentException(p.name() + " is required");
            }
            values.add(v);
        }
        return of(values);
    }

    /** The arm of a canonical arm key ({@link #armKey()} is the inverse). */
    public static Arm ofKey(String key) {
        return of(List.of(key.split("\\|", -1)));
    }

    /** The arm an Avro record carries; {@link #toAvro()} is the inverse. */
    public static Arm fromAvro(ContentParameters p) {
        List<Object> values = new ArrayList<>(ParameterTable.ALL.size());
        for (Parameter param : ParameterTable.ALL) {
            Object v = p.get(ParameterTable.avroField(param).pos());
            values.add(v instanceof Integer ? v : String.valueOf(v));
        }
        return of(values);
    }

    /** This arm as the Avro record events carry; {@link #fromAvro} is the inverse. */
    public ContentParameters toAvro() {
        ContentParameters out = new ContentParameters();
        for (Parameter p : ParameterTable.ALL) {
            Schema.Field f = ParameterTable.avroField(p);
            Object v = p.read().apply(this);
            if (f.schema().getType() == Schema.Type.ENUM) {
                v = SpecificData.get().createEnum((String) v, f.schema());
            }
            out.put(f.pos(), v);
        }
        return out;
    }

    public Object get(Parameter p) {
        return p.read().apply(this);
    }

    /** The value of a parameter by its name, as text (numbers in decimal). */
    public String value(String parameter) {
        return ParameterTable.get(parameter).text(this);
    }

    /** The segment's parameters joined with {@code /}, e.g. {@code TIKTOK/fitness}. */
    public String segment() {
        return join(ParameterTable.of(Role.SEGMENT), "/");
    }

    /** The segment of an Avro record, as {@link #segment()} spells it, without building the arm. */
    public static String segmentOf(ContentParameters p) {
        List<Parameter> params = ParameterTable.of(Role.SEGMENT);
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(p.get(ParameterTable.avroField(params.get(i)).pos()));
        }
        return b.toString();
    }

    /**
     * The canonical arm key: every value in the table's order joined with {@code |}, e.g. {@code
     * TIKTOK|fitness|POV|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|EN_US|18}; niche and voice
     * have no {@code |}, so the key is unambiguous. PostgreSQL and Flink group by it, and
     * batch-jobs' {@code lake.ArmKey} builds the same text as a Spark column.
     */
    public String armKey() {
        return join(ParameterTable.ALL, "|");
    }

    /** The content values ({@link Role#CONTENT}), as text. */
    public List<String> content() {
        return ParameterTable.of(Role.CONTENT).stream().map(p -> p.text(this)).toList();
    }

    /** Parameter name → value (text or Integer), in the table's order. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Parameter p : ParameterTable.ALL) {
            m.put(p.name(), p.read().apply(this));
        }
        return m;
    }

    /** This arm with one parameter set to another value. */
    public Arm with(Parameter p, Object value) {
        List<Object> values = new ArrayList<>(parameters().values());
        values.set(ParameterTable.ALL.indexOf(p), value);
        return of(values);
    }

    private String join(List<Parameter> params, String separator) {
        StringBuilder b = new StringBuilder(96);
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(params.get(i).read().apply(this));
        }
        return b.toString();
    }
}
