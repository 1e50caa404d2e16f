package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The documents of a YAML file as JSON trees, the way Kubernetes and Compose read them: anchors,
 * aliases and merge keys ({@code <<: *x}) resolved, empty documents dropped.
 */
public final class YamlDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private YamlDocuments() {}

    public static List<JsonNode> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<JsonNode> parse(String yaml) {
        return parse(new java.io.StringReader(yaml), "a string");
    }

    private static List<JsonNode> parse(Reader r, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<JsonNode> docs = new ArrayList<>();
        try {
            for (Object doc : yaml.loadAll(r)) {
                if (doc != null) {
                    docs.add(JSON.valueToTree(doc));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid YAML in " + source + ": " + e.getMessage(), e);
        }
        return docs;
    }
}
