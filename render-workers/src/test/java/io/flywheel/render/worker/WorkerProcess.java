package io.flywheel.render.worker;

import io.flywheel.embedded.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A render worker as its own JVM, as {@code flywheel up} starts it, on this test JVM's classpath,
 * logging to {@code <data>/<id>.log}, at the given x264 preset and 24 fps, serving its metrics on a
 * free port.
 */
final class WorkerProcess {
    private WorkerProcess() {}

    static Process start(Path data, String bootstrap, String prefix, String id, String preset)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Djava.awt.headless=true");
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RenderWorkerMain.class.getName());
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        data.resolve(id + ".log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("FLYWHEEL_DATA_DIR", data.toString());
        env.put("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("FLYWHEEL_KAFKA_TOPIC_PREFIX", prefix);
        env.put("FLYWHEEL_RENDER_PRESET", preset);
        env.put("FLYWHEEL_RENDER_FPS", "24");
        env.put("FLYWHEEL_RENDER_SESSION_TIMEOUT_MS", "6000");
        env.put("FLYWHEEL_RENDER_JOB_STATUS_CHECK", "false");
        env.put("FLYWHEEL_WORKER_ID", id);
        // Its own metrics port: two workers on the default one, the second dies at start.
        env.put("FLYWHEEL_METRICS_RENDER_PORT", Integer.toString(FreePorts.pick()));
        return pb.start();
    }
}
