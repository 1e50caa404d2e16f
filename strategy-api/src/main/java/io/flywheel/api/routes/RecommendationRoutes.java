package io.flywheel.api.routes;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Params;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.thumbnails.LeadStyle;
import io.flywheel.model.Arm;
import io.flywheel.model.Scores;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/recommendations} (the policy's picks) and {@code POST /v1/score}. */
public final class RecommendationRoutes implements RouteGroup {
    static final int MAX_SCORE_CANDIDATES = 1000;
    static final int MAX_RECOMMENDATIONS = 100;

    private final Dependencies d;
    private final SecureRandom seeds = new SecureRandom();

    public RecommendationRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/recommendations", Scope.READ, this::recommendations);
        routes.post("/v1/score", Scope.READ, this::score);
    }

    record Recommendations(
            String platform,
            String niche,
            String policyVersion,
            String modelVersion,
            double explorationShare,
            String seed,
            LeadStyle thumbnailStyle,
            List<Recommendation> recommendations) {}

    record Recommendation(@JsonUnwrapped PickFields pick, int rank) {}

    /** Body of POST /v1/score. */
    record ScoreRequest(List<Map<String, Object>> candidates) {}

    record Scored(String modelVersion, String objective, int ensembleSize, List<ArmScore> scores) {}

    record ArmScore(int index, String armKey, double predictedObjective, double spread) {}

    private void recommendations(Context ctx) {
        String platform = Params.required(ctx, "platform");
        String niche = Params.required(ctx, "niche");
        List<FieldError> errors = new ArrayList<>();
        if (ArmFields.platformError(platform) != null) {
            errors.add(new FieldError("platform", ArmFields.platformError(platform)));
        }
        if (ArmFields.nicheError(niche) != null) {
            errors.add(new FieldError("niche", ArmFields.nicheError(niche)));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        int count = Params.intParam(ctx, "count", 10, 1, MAX_RECOMMENDATIONS);
        double share =
                Params.doubleParam(ctx, "exploration_share", d.policy().explorationShare(), 0, 1);
        Long seedParam = Params.longParam(ctx, "seed");
        long seed = seedParam != null ? seedParam : seeds.nextLong();
        ThompsonPolicy.Result r = d.policy().recommend(platform, niche, count, share, seed);
        List<Recommendation> items = new ArrayList<>();
        for (Pick p : r.picks()) {
            items.add(new Recommendation(PickFields.of(p), items.size() + 1));
        }
        ctx.json(
                new Recommendations(
                        platform,
                        niche,
                        r.policyVersion(),
                        r.modelVersion(),
                        share,
                        Long.toString(seed),
                        d.leadStyles().of(platform),
                        items));
    }

    private void score(Context ctx) {
        ScoreRequest req = Params.body(ctx, ScoreRequest.class);
        if (req.candidates() == null || req.candidates().isEmpty()) {
            throw Params.field("/candidates", "must list 1 to " + MAX_SCORE_CANDIDATES + " arms");
        }
        if (req.candidates().size() > MAX_SCORE_CANDIDATES) {
            throw Params.field(
                    "/candidates", "at most " + MAX_SCORE_CANDIDATES + " arms per request");
        }
        List<FieldError> errors = new ArrayList<>();
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < req.candidates().size(); i++) {
            Arm a = ArmFields.read(req.candidates().get(i), "/candidates/" + i, errors);
            if (a != null) {
                arms.add(a);
            }
            if (errors.size() >= 20) {
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        Scored out =
                d.champion()
                        .with(
                                e -> {
                                    if (e.isEmpty()) {
                                        throw ApiProblem.unavailable(
                                                "no champion model is loaded yet; recommendations"
                                                        + " serve a cold-start exploration set");
                                    }
                                    Scores scored = e.get().score(arms);
                                    List<ArmScore> scores = new ArrayList<>();
                                    for (int i = 0; i < arms.size(); i++) {
                                        scores.add(
                                                new ArmScore(
                                                        i,
                                                        arms.get(i).armKey(),
                                                        scored.mean()[i],
                                                        scored.spread()[i]));
                                    }
                                    return new Scored(
                                            e.get().version(),
                                            e.get().metadata().objective(),
                                            e.get().size(),
                                            scores);
                                });
        ctx.json(out);
    }
}
