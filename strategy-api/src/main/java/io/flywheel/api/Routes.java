package io.flywheel.api;

import io.flywheel.api.accounts.AccountRoutes;
import io.flywheel.api.evidence.EvidenceRoutes;
import io.flywheel.api.review.ReviewRoutes;
import io.flywheel.api.routes.BriefRoutes;
import io.flywheel.api.routes.ExperimentRoutes;
import io.flywheel.api.routes.KeyRoutes;
import io.flywheel.api.routes.KpiRoutes;
import io.flywheel.api.routes.MediaRoutes;
import io.flywheel.api.routes.ModelRoutes;
import io.flywheel.api.routes.OpsRoutes;
import io.flywheel.api.routes.RecommendationRoutes;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.SystemRoutes;
import io.flywheel.api.routes.VideoRoutes;
import io.flywheel.api.thumbnails.ThumbnailRoutes;
import io.flywheel.api.trends.TrendRoutes;
import io.flywheel.api.trends.TrendStore;
import io.flywheel.api.webhooks.WebhookRoutes;
import io.flywheel.publishers.accounts.ConnectedAccounts;
import java.util.List;

/**
 * Every route group the server serves, one line each; the OpenAPI document describes the same set.
 * The dashboard's static files are configured in {@link ApiServer}.
 */
final class Routes {
    private Routes() {}

    static List<RouteGroup> groups(Dependencies d) {
        return List.of(
                new SystemRoutes(d),
                new RecommendationRoutes(d),
                new BriefRoutes(d),
                new VideoRoutes(d),
                new MediaRoutes(d),
                new KpiRoutes(d),
                new OpsRoutes(d),
                new ModelRoutes(d),
                new ExperimentRoutes(d),
                new KeyRoutes(d),
                new WebhookRoutes(d.webhooks()),
                new ReviewRoutes(d),
                new AccountRoutes(new ConnectedAccounts(d.jdbi())),
                new EvidenceRoutes(d),
                new ThumbnailRoutes(d),
                new TrendRoutes(new TrendStore(d.jdbi())));
    }
}
