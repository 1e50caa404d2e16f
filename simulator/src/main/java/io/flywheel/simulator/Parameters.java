package io.flywheel.simulator;

import io.flywheel.model.Arm;
import io.flywheel.schemas.ContentParameters;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Reads a content parameter by its schema name, as world files refer to them: the names are the
 * fields of the Avro record {@code ContentParameters}, so a new parameter needs no change here.
 */
final class Parameters {
    private static final Schema SCHEMA = ContentParameters.getClassSchema();
    static final List<String> NAMES = SCHEMA.getFields().stream().map(Schema.Field::name).toList();

    private Parameters() {}

    /** The value as text: an enum's symbol, a number in decimal. */
    static String value(ContentParameters p, String name) {
        Schema.Field f = SCHEMA.getField(name);
        if (f == null) {
            throw new IllegalArgumentException("no content parameter named " + name);
        }
        return String.valueOf(p.get(f.pos()));
    }

    static String segment(ContentParameters p) {
        return Arm.segmentOf(p);
    }
}
