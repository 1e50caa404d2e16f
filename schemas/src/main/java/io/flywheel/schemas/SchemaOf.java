package io.flywheel.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/** The schema a generated class was compiled from. */
final class SchemaOf {
    private SchemaOf() {}

    static Schema specific(Class<?> type) {
        return SpecificData.get().getSchema(type);
    }
}
