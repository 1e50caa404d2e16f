package io.flywheel.notebooks.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.LoggerFactory;

/**
 * The kernel process Jupyter starts ({@code kernel.json}'s argv): connects to the ports of the
 * connection file and serves until Jupyter shuts it down.
 */
public final class KernelMain {
    /** Run before the first cell: the imports every notebook relies on. */
    static final List<String> STARTUP =
            List.of(
                    "import java.util.*;",
                    "import java.util.stream.*;",
                    "import java.time.*;",
                    "import io.flywheel.notebooks.*;",
                    "import org.apache.spark.sql.*;",
                    "import static org.apache.spark.sql.functions.*;");

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("no connection file at " + file);
            System.exit(2);
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(file));
        // Logging starts here, on the process's own stderr: Spark's warnings then go to the
        // Jupyter server's terminal, not into the cell that happened to start Spark.
        LoggerFactory.getLogger(KernelMain.class).info("kernel starting on {}", file);
        JupyterConnection connection = new JupyterConnection(props);
        String version = KernelMain.class.getPackage().getImplementationVersion();
        JavaKernel kernel = new JavaKernel(version == null ? "dev" : version, STARTUP);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
