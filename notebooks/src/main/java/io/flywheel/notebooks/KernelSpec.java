package io.flywheel.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernelspec Jupyter starts the Java kernel from: {@code kernels/flywheel-java/kernel.json}
 * under a Jupyter data directory (put on {@code JUPYTER_PATH}), running this JVM's {@code java}
 * with Spark's {@code --add-opens} flags and the notebooks module's classpath.
 */
public final class KernelSpec {
    public static final String NAME = "flywheel-java";

    /** The kernel's and the runner's logging: warnings only, on the process's stderr. */
    public static final String LOG_CONFIG_PROPERTY = "log4j2.configurationFile";

    public static final String LOG_CONFIG = "notebooks-log4j2.properties";

    private KernelSpec() {}

    /** The JVM flags Spark needs on Java 17, from the build (the same list batch-jobs uses). */
    public static List<String> sparkFlags() {
        try (InputStream in = KernelSpec.class.getResourceAsStream("/notebooks-jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("notebooks-jvm-flags.txt missing from the build");
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(flags.split("\\s+")).filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the JVM flags", e);
        }
    }

    /**
     * Writes the kernelspec.
     *
     * @param jupyterDir a Jupyter data directory; the spec goes to its {@code kernels/} folder
     * @param classpath the kernel's classpath (the module's classes and target/lib)
     * @return the kernel.json written
     */
    public static Path write(Path jupyterDir, String classpath, String heap) throws IOException {
        Path dir = jupyterDir.resolve("kernels").resolve(NAME);
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Xmx" + heap);
        argv.addAll(sparkFlags());
        argv.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
        argv.add("-D" + LOG_CONFIG_PROPERTY + "=" + LOG_CONFIG);
        argv.add("-cp");
        argv.add(classpath);
        argv.add("io.flywheel.notebooks.kernel.KernelMain");
        argv.add("{connection_file}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", "Java (Flywheel)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", Map.of());
        spec.put("metadata", Map.of());
        Path file = dir.resolve("kernel.json");
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), spec);
        return file;
    }
}
