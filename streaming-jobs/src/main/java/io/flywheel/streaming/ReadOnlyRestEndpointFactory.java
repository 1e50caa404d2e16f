package io.flywheel.streaming;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.blob.TransientBlobService;
import org.apache.flink.runtime.dispatcher.DispatcherGateway;
import org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint;
import org.apache.flink.runtime.leaderelection.LeaderElection;
import org.apache.flink.runtime.resourcemanager.ResourceManagerGateway;
import org.apache.flink.runtime.rest.HttpMethodWrapper;
import org.apache.flink.runtime.rest.RestEndpointFactory;
import org.apache.flink.runtime.rest.handler.RestHandlerConfiguration;
import org.apache.flink.runtime.rest.handler.RestHandlerSpecification;
import org.apache.flink.runtime.rest.handler.legacy.metrics.MetricFetcher;
import org.apache.flink.runtime.rpc.FatalErrorHandler;
import org.apache.flink.runtime.webmonitor.WebMonitorEndpoint;
import org.apache.flink.runtime.webmonitor.retriever.LeaderGatewayRetriever;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's session REST endpoint with only its GET handlers: the web UI and every view of jobs,
 * checkpoints and metrics stay, while nothing over HTTP can change the cluster. The {@code web.*}
 * switches cover jar upload and run, cancel and rescale, but not {@code POST /jobs} (submitting a
 * job graph with its jars, as a remote {@code flink run} does), {@code POST /jobs/:id/stop}
 * (stop-with-savepoint, which ends the job too), savepoint and checkpoint triggers, or {@code
 * DELETE /cluster} (shuts the process's cluster down). Requests to a dropped handler get Flink's
 * 404.
 */
final class ReadOnlyRestEndpointFactory implements RestEndpointFactory<DispatcherGateway> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyRestEndpointFactory.class);

    static final ReadOnlyRestEndpointFactory INSTANCE = new ReadOnlyRestEndpointFactory();

    private ReadOnlyRestEndpointFactory() {}

    @Override
    public WebMonitorEndpoint<DispatcherGateway> createRestEndpoint(
            Configuration configuration,
            LeaderGatewayRetriever<DispatcherGateway> dispatcherGatewayRetriever,
            LeaderGatewayRetriever<ResourceManagerGateway> resourceManagerGatewayRetriever,
            TransientBlobService transientBlobService,
            ScheduledExecutorService executor,
            MetricFetcher metricFetcher,
            LeaderElection leaderElection,
            FatalErrorHandler fatalErrorHandler)
            throws Exception {
        RestHandlerConfiguration handlers =
                RestHandlerConfiguration.fromConfiguration(configuration);
        return new DispatcherRestEndpoint(
                dispatcherGatewayRetriever,
                configuration,
                handlers,
                resourceManagerGatewayRetriever,
                transientBlobService,
                executor,
                metricFetcher,
                leaderElection,
                RestEndpointFactory.createExecutionGraphCache(handlers),
                fatalErrorHandler) {
            @Override
            protected List<Tuple2<RestHandlerSpecification, ChannelInboundHandler>>
                    initializeHandlers(CompletableFuture<String> localAddressFuture) {
                List<Tuple2<RestHandlerSpecification, ChannelInboundHandler>> all =
                        super.initializeHandlers(localAddressFuture);
                List<Tuple2<RestHandlerSpecification, ChannelInboundHandler>> reads =
                        readsOnly(all);
                LOG.info(
                        "Flink REST is read-only: {} GET handlers, {} others not served",
                        reads.size(),
                        all.size() - reads.size());
                return reads;
            }
        };
    }

    static <H> List<Tuple2<RestHandlerSpecification, H>> readsOnly(
            List<Tuple2<RestHandlerSpecification, H>> handlers) {
        return new java.util.ArrayList<>(
                handlers.stream()
                        .filter(h -> h.f0.getHttpMethod() == HttpMethodWrapper.GET)
                        .toList());
    }
}
