package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document passes an independent linter: Redocly CLI, installed from npm. */
class OpenApiLintTest {
    @Test
    void documentPassesRedoclyLint() throws Exception {
        Path target = Files.createDirectories(Path.of("target"));
        Path doc = target.resolve("openapi.json");
        Files.write(doc, OpenApiDocument.json());
        Path redocly = Path.of("web/node_modules/.bin/redocly");
        assertThat(redocly).as("npm ci in strategy-api/web (the build runs it)").exists();
        Process p =
                new ProcessBuilder(
                                redocly.toString(),
                                "lint",
                                "--config",
                                "web/redocly.yaml",
                                "--format=stylish",
                                doc.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Files.writeString(target.resolve("openapi-lint.txt"), out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContainPattern("\\d+:\\d+\\s+(error|warning)");
    }
}
