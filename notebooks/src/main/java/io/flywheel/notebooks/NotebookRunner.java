package io.flywheel.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes notebooks headless with Jupyter's nbconvert on the Java kernel, then renders each to
 * HTML. Every cell runs even after an error ({@code --allow-errors}), so one run lists every
 * failing cell; the run fails when any cell raised.
 */
public final class NotebookRunner {
    private final Path jupyterDir;
    private final Map<String, String> env;
    private final Duration cellTimeout;

    /**
     * @param jupyterDir the Jupyter data directory holding the kernelspec ({@link KernelSpec})
     * @param env added to the kernel's environment (where the data is)
     */
    public NotebookRunner(Path jupyterDir, Map<String, String> env, Duration cellTimeout) {
        this.jupyterDir = jupyterDir;
        this.env = Map.copyOf(env);
        this.cellTimeout = cellTimeout;
    }

    /** One notebook's run: the executed copy, its HTML, the cells that raised, its charts. */
    public record Result(
            String name,
            Path executed,
            Path html,
            List<String> errors,
            int images,
            double seconds) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result execute(Path notebook, Path outDir) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        String file = notebook.getFileName().toString();
        String name = file.substring(0, file.length() - ".ipynb".length());
        Path log = outDir.resolve(name + ".log");
        long t0 = System.nanoTime();
        run(
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "notebook",
                        "--execute",
                        "--allow-errors",
                        "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                        "--ExecutePreprocessor.timeout=" + cellTimeout.toSeconds(),
                        "--ExecutePreprocessor.startup_timeout=120",
                        "--output-dir",
                        outDir.toString(),
                        "--output",
                        file,
                        notebook.toString()),
                log,
                name + ": execution");
        Path executed = outDir.resolve(file);
        run(
                List.of(
                        "jupyter",
                        "nbconvert",
                        "--to",
                        "html",
                        "--output-dir",
                        outDir.toString(),
                        executed.toString()),
                outDir.resolve(name + ".html.log"),
                name + ": HTML");
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(
                name,
                executed,
                outDir.resolve(name + ".html"),
                NotebookCheck.errors(executed),
                NotebookCheck.images(executed),
                seconds);
    }

    private void run(List<String> command, Path log, String what)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.putAll(env);
        e.put("JUPYTER_PATH", jupyterDir.toString());
        e.put("JUPYTER_RUNTIME_DIR", jupyterDir.resolve("runtime").toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException ex) {
            throw new IOException(
                    "cannot run jupyter (Debian's jupyter-nbconvert; ./flywheel test installs it): "
                            + ex.getMessage(),
                    ex);
        }
        long limit = cellTimeout.toSeconds() * 20 + 300;
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " timed out after " + limit + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            List<String> tail = new ArrayList<>(Files.readAllLines(log));
            throw new IOException(
                    what
                            + " failed (exit "
                            + p.exitValue()
                            + "); last lines of "
                            + log
                            + ":\n"
                            + String.join(
                                    "\n",
                                    tail.subList(Math.max(0, tail.size() - 15), tail.size())));
        }
    }
}
