package io.flywheel.model;

import io.flywheel.schemas.ContentParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The values each chosen parameter ({@link ParameterTable#chosen()}: content and timing) can take
 * within a segment, as text, by parameter name in the table's order. Recommenders enumerate or
 * sample arms from it; the audience simulator's oracle finds its best arm in it. {@link #DEFAULT}
 * is the table's values: every renderer supports them and the audience worlds know them.
 *
 * @param values each chosen parameter's values, by its name
 */
public record ParameterSpace(Map<String, List<String>> values) implements Serializable {
    public static final ParameterSpace DEFAULT = defaults();

    public ParameterSpace {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Parameter p : ParameterTable.chosen()) {
            List<String> v = values.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("the space has no values for " + p.name());
            }
            copy.put(p.name(), List.copyOf(v));
        }
        if (!copy.keySet().containsAll(values.keySet())) {
            throw new IllegalArgumentException(
                    "the space names parameters "
                            + values.keySet()
                            + "; chosen are "
                            + copy.keySet());
        }
        values = java.util.Collections.unmodifiableMap(copy);
    }

    private static ParameterSpace defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Parameter p : ParameterTable.chosen()) {
            m.put(p.name(), p.values());
        }
        return new ParameterSpace(m);
    }

    public List<String> values(Parameter p) {
        List<String> v = values.get(p.name());
        if (v == null) {
            throw new IllegalArgumentException(p.name() + " is not a chosen parameter");
        }
        return v;
    }

    /** Each chosen parameter's values, in the table's order. */
    public List<List<String>> chosenValues() {
        return List.copyOf(values.values());
    }

    /** Each {@link Role#CONTENT} parameter's values, in the effects model's order. */
    public List<List<String>> contentValues() {
        return ParameterTable.of(Role.CONTENT).stream().map(this::values).toList();
    }

    /** The posting times of the space ({@link ParameterTable#timing()}'s values). */
    public List<Integer> timingValues() {
        return values(ParameterTable.timing()).stream().map(Integer::valueOf).toList();
    }

    /** This space with a parameter's values replaced (numbers as Integer or text). */
    public ParameterSpace with(Parameter p, Collection<?> replaced) {
        Map<String, List<String>> m = new LinkedHashMap<>(values);
        m.put(p.name(), replaced.stream().map(String::valueOf).toList());
        return new ParameterSpace(m);
    }

    /**
     * This space with values a segment has tried added to a parameter's: sorted (numbers by value)
     * and distinct. {@code null} adds nothing.
     */
    public ParameterSpace plus(Parameter p, Collection<?> more) {
        Collection<?> extra = more == null ? List.of() : more;
        List<String> union;
        if (p.integer()) {
            TreeSet<Integer> s = new TreeSet<>();
            values(p).forEach(v -> s.add(Integer.valueOf(v)));
            extra.forEach(v -> s.add(Integer.valueOf(v.toString())));
            union = s.stream().map(String::valueOf).toList();
        } else {
            TreeSet<String> s = new TreeSet<>(values(p));
            extra.forEach(v -> s.add(v.toString()));
            union = List.copyOf(s);
        }
        return with(p, union);
    }

    /** How many arms one segment has. */
    public long armsPerSegment() {
        long n = 1;
        for (List<String> v : values.values()) {
            n *= v.size();
        }
        return n;
    }

    /** One arm drawn uniformly from this space (one draw per parameter, in order). */
    public Arm random(String platform, String niche, Random r) {
        List<Object> arm = new ArrayList<>(List.of(platform, niche));
        for (List<String> v : values.values()) {
            arm.add(v.get(r.nextInt(v.size())));
        }
        return Arm.of(arm);
    }

    /** Every value of every parameter, for documentation and error messages. */
    public List<String> describe() {
        return values.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /**
     * Calls {@code visit} with every arm of a segment as the Avro record, the last parameter
     * varying fastest (the same record, refilled each time: copy it to keep it).
     */
    public void forEachArm(String platform, String niche, Consumer<ContentParameters> visit) {
        List<Parameter> chosen = ParameterTable.chosen();
        int k = chosen.size();
        int[] pos = new int[k];
        Object[][] avro = new Object[k][];
        for (int i = 0; i < k; i++) {
            Parameter p = chosen.get(i);
            Schema.Field f = ParameterTable.avroField(p);
            pos[i] = f.pos();
            avro[i] = values(p).stream().map(v -> avroValue(p, f, v)).toArray();
            if (avro[i].length == 0) {
                return;
            }
        }
        List<Object> first = new ArrayList<>(List.of(platform, niche));
        values.values().forEach(v -> first.add(v.get(0)));
        ContentParameters record = Arm.of(first).toAvro();
        int[] at = new int[k];
        while (true) {
            visit.accept(record);
            int i = k - 1;
            while (i >= 0 && ++at[i] == avro[i].length) {
                at[i] = 0;
                record.put(pos[i], avro[i][0]);
                i--;
            }
            if (i < 0) {
                return;
            }
            record.put(pos[i], avro[i][at[i]]);
        }
    }

    private static Object avroValue(Parameter p, Schema.Field f, String v) {
        if (f.schema().getType() == Schema.Type.ENUM) {
            return SpecificData.get().createEnum(v, f.schema());
        }
        return p.integer() ? (Object) Integer.valueOf(v) : v;
    }
}
