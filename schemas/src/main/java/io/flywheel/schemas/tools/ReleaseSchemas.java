package io.flywheel.schemas.tools;

import io.flywheel.schemas.EventType;
import io.flywheel.schemas.ReleasedSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Adds a released version file for every event whose current schema differs from its latest
 * release. Run it when a schema change is ready to ship ({@code ./flywheel dev release-schemas});
 * the compatibility test then holds every later change to all of these versions.
 *
 * <p>Argument: the {@code src/main/resources} directory of the schemas module.
 */
public final class ReleaseSchemas {
    private ReleaseSchemas() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReleaseSchemas <schemas/src/main/resources>");
            System.exit(2);
        }
        Path resources = Path.of(args[0]);
        for (EventType type : EventType.values()) {
            List<Schema> released = ReleasedSchemas.of(type);
            Schema current = type.schema();
            long fp = SchemaNormalization.parsingFingerprint64(current);
            boolean same =
                    !released.isEmpty()
                            && SchemaNormalization.parsingFingerprint64(
                                            released.get(released.size() - 1))
                                    == fp;
            if (same) {
                continue;
            }
            int version = released.size() + 1;
            Path file = resources.resolve(ReleasedSchemas.resourceName(type.recordName(), version));
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("released " + type.recordName() + " v" + version + " -> " + file);
        }
    }
}
