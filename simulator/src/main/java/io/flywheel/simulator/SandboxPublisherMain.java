package io.flywheel.simulator;

/**
 * The publisher's former entry point, kept so existing launchers keep working: it runs {@link
 * PublisherMain}, which publishes to the sandbox unless {@code publish.adapter=youtube}.
 */
public final class SandboxPublisherMain {
    private SandboxPublisherMain() {}

    public static void main(String[] args) throws Exception {
        PublisherMain.main(args);
    }
}
