package io.flywheel.api.routes;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Params;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.insights.ExperimentStore;
import io.flywheel.api.insights.KpiReader;
import io.flywheel.api.keys.Scope;
import io.flywheel.model.Arm;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A/B experiments: {@code POST /v1/experiments} (arms with traffic shares), {@code GET
 * /v1/experiments} and {@code /v1/experiments/{experimentId}} with the batch jobs' results.
 */
public final class ExperimentRoutes implements RouteGroup {
    /** Objectives the batch jobs can measure (EngagementObserved's metrics). */
    static final Set<String> OBJECTIVES = KpiReader.METRICS;

    private final Dependencies d;

    public ExperimentRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/v1/experiments", Scope.WRITE, this::create);
        routes.get("/v1/experiments", Scope.READ, this::list);
        routes.get("/v1/experiments/{experimentId}", Scope.READ, this::experiment);
    }

    /** Body of POST /v1/experiments. */
    record ExperimentRequest(
            String name,
            String platform,
            String niche,
            String objective,
            String controlArm,
            List<ExperimentArm> arms) {}

    record ExperimentArm(String name, Double trafficShare, Map<String, Object> parameters) {}

    record Experiments(List<Map<String, Object>> experiments) {}

    private void requireExperiments() {
        if (!d.experiments().installed()) {
            throw ApiProblem.unavailable(
                    "the experiment tables (batch-jobs' experiments, experiment_arms,"
                            + " experiment_results) are not in this database yet");
        }
    }

    private void create(Context ctx) {
        ExperimentRequest r = Params.body(ctx, ExperimentRequest.class);
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            errors.add(new FieldError("/name", "must have 1 to 100 characters"));
        }
        if (r.platform() == null || ArmFields.platformError(r.platform()) != null) {
            errors.add(
                    new FieldError(
                            "/platform",
                            r.platform() == null
                                    ? "is required"
                                    : ArmFields.platformError(r.platform())));
        }
        if (ArmFields.nicheError(r.niche()) != null) {
            errors.add(new FieldError("/niche", ArmFields.nicheError(r.niche())));
        }
        String objective = r.objective() == null ? "engaged_views" : r.objective();
        if (!OBJECTIVES.contains(objective)) {
            errors.add(new FieldError("/objective", "must be one of " + new TreeSet<>(OBJECTIVES)));
        }
        List<ExperimentStore.NewArm> arms = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (r.arms() == null || r.arms().size() < 2 || r.arms().size() > 10) {
            errors.add(new FieldError("/arms", "must list 2 to 10 arms"));
        } else {
            readArms(r, errors, arms, names);
        }
        String control = r.controlArm();
        if (control == null && !names.isEmpty()) {
            control = names.iterator().next();
        } else if (control != null && !names.contains(control)) {
            errors.add(new FieldError("/control_arm", "must name one of the arms"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        requireExperiments();
        String id = d.experiments().create(r.name().strip(), objective, control, arms);
        ctx.status(201);
        ctx.header("Location", "/v1/experiments/" + id);
        ctx.json(experiment(id));
    }

    private static void readArms(
            ExperimentRequest r,
            List<FieldError> errors,
            List<ExperimentStore.NewArm> arms,
            Set<String> names) {
        double total = 0;
        for (int i = 0; i < r.arms().size(); i++) {
            ExperimentArm a = r.arms().get(i);
            String p = "/arms/" + i;
            if (a == null) {
                errors.add(new FieldError(p, "is required"));
                continue;
            }
            if (a.name() == null || !a.name().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                errors.add(new FieldError(p + "/name", "must be a short lower-case id"));
            } else if (!names.add(a.name())) {
                errors.add(new FieldError(p + "/name", "is used by another arm"));
            }
            if (a.trafficShare() == null || !(a.trafficShare() > 0 && a.trafficShare() <= 1)) {
                errors.add(new FieldError(p + "/traffic_share", "must be in (0, 1]"));
            } else {
                total += a.trafficShare();
            }
            Arm arm = ArmFields.read(a.parameters(), p + "/parameters", errors);
            if (arm != null
                    && (!arm.platform().equals(r.platform()) || !arm.niche().equals(r.niche()))) {
                errors.add(
                        new FieldError(
                                p + "/parameters",
                                "must have the experiment's platform and niche"));
            }
            if (arm != null && a.trafficShare() != null) {
                arms.add(new ExperimentStore.NewArm(a.name(), a.trafficShare(), arm));
            }
        }
        if (errors.isEmpty() && Math.abs(total - 1.0) > 1e-6) {
            errors.add(new FieldError("/arms", "traffic shares must add up to 1"));
        }
    }

    /** The stored experiment with its results. */
    private Map<String, Object> experiment(String id) {
        Map<String, Object> e =
                d.experiments()
                        .find(id)
                        .orElseThrow(() -> ApiProblem.notFound("no experiment " + id));
        e.put("results", d.experiments().results(id));
        return e;
    }

    private void list(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        requireExperiments();
        ctx.json(new Experiments(d.experiments().list(limit)));
    }

    private void experiment(Context ctx) {
        String id = ctx.pathParam("experimentId");
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw Params.field("experimentId", "must be an experiment id");
        }
        requireExperiments();
        ctx.json(experiment(id));
    }
}
