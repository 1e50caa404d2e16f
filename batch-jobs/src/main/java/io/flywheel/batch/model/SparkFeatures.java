package io.flywheel.batch.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sin;

import io.flywheel.model.Arm;
import io.flywheel.model.Feature;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model contract in Spark: {@link FeatureEncoder}'s numbers as a dense vector column for
 * training, computed from the same {@link ParameterTable} (a categorical value's position in its
 * vocabulary with {@code array_position}, so no StringIndexer pass over the data; numbers as
 * doubles; a cyclic one's sine and cosine). The vector stays dense, which xgboost4j-spark requires.
 */
public final class SparkFeatures {
    private SparkFeatures() {}

    /** Learns the vocabularies the table leaves to the data (niche, voice) in one aggregation. */
    public static FeatureEncoder fit(Dataset<Row> rows) {
        List<Parameter> learned = ParameterTable.ALL.stream().filter(Parameter::learned).toList();
        Column[] sets =
                learned.stream()
                        .map(p -> array_sort(collect_set(col(p.name()))))
                        .toArray(Column[]::new);
        Row r = rows.agg(sets[0], java.util.Arrays.copyOfRange(sets, 1, sets.length)).first();
        Map<String, List<String>> vocabularies = new LinkedHashMap<>();
        for (int i = 0; i < learned.size(); i++) {
            vocabularies.put(learned.get(i).name(), r.getList(i));
        }
        return new FeatureEncoder(vocabularies);
    }

    /** A dense vector column of {@link ParameterTable#FEATURES}, in that order. */
    public static Column vector(FeatureEncoder encoder) {
        List<Column> parts = new ArrayList<>();
        for (Feature f : ParameterTable.FEATURES) {
            Column value = col(f.parameter().name());
            parts.add(
                    switch (f.form()) {
                        case POSITION -> position(encoder.vocabulary(f.parameter()), value);
                        case VALUE -> value.cast("double");
                        case SIN -> sin(value.cast("double").multiply(f.radiansPerUnit()));
                        case COS -> cos(value.cast("double").multiply(f.radiansPerUnit()));
                    });
        }
        return functions.array_to_vector(array(parts.toArray(new Column[0])));
    }

    /** The arm of a row with the parameters' columns (as the lake stores them). */
    public static Arm arm(Row r) {
        List<Object> values = new ArrayList<>(ParameterTable.ALL.size());
        for (Parameter p : ParameterTable.ALL) {
            values.add(r.getAs(p.name()));
        }
        return Arm.of(values);
    }

    /**
     * A schema of the parameters' columns (text, or int for whole numbers), in the table's order.
     */
    public static StructType schema() {
        StructType out = new StructType();
        for (Parameter p : ParameterTable.ALL) {
            out = out.add(p.name(), p.integer() ? DataTypes.IntegerType : DataTypes.StringType);
        }
        return out;
    }

    /** A row of {@link #schema()} for an arm, followed by {@code more} values. */
    public static Row row(Arm a, Object... more) {
        List<Object> values = new ArrayList<>(a.parameters().values());
        values.addAll(java.util.Arrays.asList(more));
        return RowFactory.create(values.toArray());
    }

    /** The parameters' columns, in the table's order. */
    public static Column[] columns() {
        return ParameterTable.names().stream().map(n -> col(n)).toArray(Column[]::new);
    }

    private static Column position(List<String> vocabulary, Column value) {
        Column[] values = vocabulary.stream().map(v -> lit(v)).toArray(Column[]::new);
        // array_position is 1-based and 0 when absent: minus one gives the index or -1.
        return array_position(array(values), value).minus(1).cast("double");
    }
}
