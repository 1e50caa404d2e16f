package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a compose file as {@code docker compose config} would before starting anything (Docker is
 * not installed here): the compose specification's JSON schema (compose-spec/compose-spec, {@code
 * schema/compose-spec.json}), then references the schema cannot see: every {@code depends_on} names
 * a service, every named volume is declared, every bind-mounted host path exists next to the file.
 */
public final class ComposeValidator {
    private static final String SCHEMA = "schemas/compose-spec-170098b.json";

    private final JsonSchema schema;

    private ComposeValidator(JsonSchema schema) {
        this.schema = schema;
    }

    public static ComposeValidator load() {
        try (InputStream in = ComposeValidator.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("no " + SCHEMA + " on the class path");
            }
            ObjectNode node = (ObjectNode) new ObjectMapper().readTree(in);
            // A relative $id ("compose_spec.json") with no base to resolve it against; the schema
            // refers to itself only by "#/definitions/...", so the id is not needed.
            node.remove("$id");
            return new ComposeValidator(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                            .getSchema(
                                    node,
                                    SchemaValidatorsConfig.builder()
                                            .formatAssertionsEnabled(false)
                                            .build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA, e);
        }
    }

    /** The problems of the compose file; empty when it is valid. */
    public List<String> validate(Path file) {
        List<JsonNode> docs = YamlDocuments.read(file);
        if (docs.size() != 1) {
            return List.of(file + ": expected one YAML document, found " + docs.size());
        }
        return validate(docs.get(0), file.getParent());
    }

    public List<String> validate(JsonNode compose, Path dir) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(compose)) {
            problems.add(m.getMessage());
        }
        JsonNode services = compose.path("services");
        JsonNode volumes = compose.path("volumes");
        services.fields()
                .forEachRemaining(
                        s -> {
                            String name = s.getKey();
                            JsonNode deps = s.getValue().path("depends_on");
                            List<String> named = new ArrayList<>();
                            if (deps.isArray()) {
                                deps.forEach(d -> named.add(d.asText()));
                            } else {
                                deps.fieldNames().forEachRemaining(named::add);
                            }
                            for (String d : named) {
                                if (!services.has(d)) {
                                    problems.add(name + ": depends on unknown service " + d);
                                }
                            }
                            for (JsonNode v : s.getValue().path("volumes")) {
                                String source =
                                        v.isTextual()
                                                ? v.asText().split(":")[0]
                                                : v.path("source").asText();
                                if (source.startsWith(".") || source.startsWith("/")) {
                                    if (!Files.exists(dir.resolve(source).normalize())) {
                                        problems.add(
                                                name + ": host path " + source + " does not exist");
                                    }
                                } else if (!volumes.has(source)) {
                                    problems.add(name + ": volume " + source + " is not declared");
                                }
                            }
                        });
        return problems;
    }
}
