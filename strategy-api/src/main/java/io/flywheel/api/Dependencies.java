package io.flywheel.api;

import io.flywheel.api.briefs.BriefService;
import io.flywheel.api.http.Access;
import io.flywheel.api.insights.ExperimentStore;
import io.flywheel.api.insights.KpiReader;
import io.flywheel.api.insights.ModelCatalog;
import io.flywheel.api.insights.PipelineReader;
import io.flywheel.api.keys.ApiKeys;
import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.thumbnails.LeadStyles;
import io.flywheel.api.videos.MediaFiles;
import io.flywheel.api.webhooks.Webhooks;
import io.flywheel.storage.MediaLinks;
import io.flywheel.store.BriefStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.VideoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything the routes use, built by {@link ApiMain} from the config (and by tests from ephemeral
 * servers).
 *
 * @param kafkaHealth tells whether the broker answers (checked by /health)
 * @param webhooks the webhook subscriptions and deliveries (ApiMain adds the dispatcher)
 */
public record Dependencies(
        Jdbi jdbi,
        ApiKeys keys,
        Access access,
        BriefService briefService,
        BriefStore briefs,
        ContentJobStore jobs,
        VideoStore videos,
        MediaFiles media,
        MediaLinks mediaLinks,
        Champion champion,
        ThompsonPolicy policy,
        LeadStyles leadStyles,
        KpiReader kpis,
        PipelineReader pipeline,
        ModelCatalog models,
        ExperimentStore experiments,
        PrometheusMeterRegistry metrics,
        Supplier<HealthCheck> kafkaHealth,
        int maxBodyBytes,
        List<String> corsOrigins,
        Webhooks webhooks) {

    /** The same dependencies with {@code w} as the webhooks (secrets, dispatcher). */
    public Dependencies withWebhooks(Webhooks w) {
        return new Dependencies(
                jdbi,
                keys,
                access,
                briefService,
                briefs,
                jobs,
                videos,
                media,
                mediaLinks,
                champion,
                policy,
                leadStyles,
                kpis,
                pipeline,
                models,
                experiments,
                metrics,
                kafkaHealth,
                maxBodyBytes,
                corsOrigins,
                w);
    }

    /** The state of one dependency. */
    public record HealthCheck(boolean up, String detail) {}
}
