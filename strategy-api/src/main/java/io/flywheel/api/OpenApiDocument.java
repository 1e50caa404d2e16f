package io.flywheel.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3 document: written as {@code openapi.yaml} in the jar, served as JSON. */
public final class OpenApiDocument {
    private static volatile byte[] json;

    private OpenApiDocument() {}

    public static byte[] json() {
        byte[] j = json;
        if (j == null) {
            try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.yaml is missing from the jar");
                }
                Object doc = new ObjectMapper(new YAMLFactory()).readValue(in, Object.class);
                j = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
                json = j;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return j;
    }
}
