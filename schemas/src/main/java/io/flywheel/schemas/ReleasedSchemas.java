package io.flywheel.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema versions that have been released: every one may have written messages that are still
 * in Kafka or in the lake, so every one stays decodable. Each is a self-contained file {@code
 * io/flywheel/schemas/released/<RecordName>.v<N>.avsc}, numbered from 1 without gaps; files are
 * added by {@code ReleaseSchemas} and never edited.
 */
public final class ReleasedSchemas {
    static final String DIR = "io/flywheel/schemas/released/";

    private ReleasedSchemas() {}

    public static String resourceName(String recordName, int version) {
        return DIR + recordName + ".v" + version + ".avsc";
    }

    /** The released versions of an event, oldest first; empty if it was never released. */
    public static List<Schema> of(EventType type) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader cl = ReleasedSchemas.class.getClassLoader();
        for (int v = 1; ; v++) {
            try (InputStream in = cl.getResourceAsStream(resourceName(type.recordName(), v))) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read released schema " + type.recordName() + " v" + v, e);
            }
        }
    }
}
