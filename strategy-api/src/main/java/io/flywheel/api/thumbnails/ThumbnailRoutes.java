package io.flywheel.api.thumbnails;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.flywheel.publishers.thumbnails.WinnerRule;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailVariant;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Thumbnail tests: {@code GET /v1/videos/{videoId}/thumbnails} lists a video's variants (style,
 * frame, signed links) and its tests per platform (the variant shown, each variant's impressions,
 * clicks, click-through rate and probability of being best, the winner); {@code GET
 * /v1/thumbnail-styles} lists, per platform, the styles that won decided tests and how often, with
 * the rule that decides them, for the recommender to use.
 */
public final class ThumbnailRoutes implements RouteGroup {
    private final Dependencies d;
    private final ThumbnailStore store;
    private final WinnerRule rule;

    public ThumbnailRoutes(Dependencies d) {
        this.d = d;
        this.store = new ThumbnailStore(d.jdbi());
        this.rule = WinnerRule.DEFAULT;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/videos/{videoId}/thumbnails", Scope.READ, this::video);
        routes.get("/v1/thumbnail-styles", Scope.READ, this::styles);
    }

    private void video(Context ctx) {
        UUID id = Params.uuidPath(ctx, "videoId");
        d.videos().find(id).orElseThrow(() -> ApiProblem.notFound("no video " + id));
        List<Map<String, Object>> variants = new ArrayList<>();
        for (ThumbnailVariant v : store.variants(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", v.variant());
            m.put("frame_position", v.style().framePosition());
            m.put("text_style", v.style().textStyle());
            m.put("colour", v.style().colour());
            m.put("frame_s", v.frameS());
            m.put("wide_url", mediaUrl(v.wideUri()));
            m.put("tall_url", mediaUrl(v.tallUri()));
            variants.add(m);
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        for (ThumbnailStore.Test t : store.tests(id)) {
            List<ThumbnailStore.Counts> counts = store.counts(id, t.platform());
            double[] best = rule.decide(counts).probabilityBest();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                ThumbnailStore.Counts c = counts.get(i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("variant", c.variant());
                m.put("impressions", c.impressions());
                m.put("clicks", c.clicks());
                m.put("ctr", c.impressions() == 0 ? null : c.clicks() / (double) c.impressions());
                m.put("probability_best", best[i]);
                rows.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", t.platform());
            m.put("current_variant", t.currentVariant());
            m.put("winner_variant", t.winnerVariant());
            m.put("winner_probability", t.winnerProbability());
            m.put("variants", rows);
            tests.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("video_id", id.toString());
        out.put("rule", rule());
        out.put("variants", variants);
        out.put("tests", tests);
        ctx.json(out);
    }

    private void styles(Context ctx) {
        List<Map<String, Object>> styles = new ArrayList<>();
        for (ThumbnailStore.StyleWins w : store.winningStyles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", w.platform());
            m.put("frame_position", w.style().framePosition());
            m.put("text_style", w.style().textStyle());
            m.put("colour", w.style().colour());
            m.put("wins", w.wins());
            styles.add(m);
        }
        ctx.json(Map.of("rule", rule(), "styles", styles));
    }

    private Map<String, Object> rule() {
        return Map.of(
                "probability_best_at_least",
                rule.threshold(),
                "min_impressions_per_variant",
                rule.minImpressions());
    }

    private String mediaUrl(String uri) {
        return d.media().relativeOf(uri).map(d.mediaLinks()::link).orElse(null);
    }
}
