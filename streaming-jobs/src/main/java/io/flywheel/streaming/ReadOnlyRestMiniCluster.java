package io.flywheel.streaming;

import org.apache.flink.runtime.dispatcher.SessionDispatcherFactory;
import org.apache.flink.runtime.dispatcher.runner.DefaultDispatcherRunnerFactory;
import org.apache.flink.runtime.entrypoint.component.DefaultDispatcherResourceManagerComponentFactory;
import org.apache.flink.runtime.entrypoint.component.DispatcherResourceManagerComponentFactory;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;

/**
 * A MiniCluster whose REST endpoint serves GET requests only ({@link ReadOnlyRestEndpointFactory});
 * otherwise the session cluster {@link MiniCluster} builds. Jobs are submitted and cancelled
 * in-process, through the MiniCluster's own methods.
 */
final class ReadOnlyRestMiniCluster extends MiniCluster {
    ReadOnlyRestMiniCluster(MiniClusterConfiguration configuration) {
        super(configuration);
    }

    @Override
    protected DispatcherResourceManagerComponentFactory
            createDispatcherResourceManagerComponentFactory() {
        return new DefaultDispatcherResourceManagerComponentFactory(
                DefaultDispatcherRunnerFactory.createSessionRunner(
                        SessionDispatcherFactory.INSTANCE),
                StandaloneResourceManagerFactory.getInstance(),
                ReadOnlyRestEndpointFactory.INSTANCE);
    }
}
