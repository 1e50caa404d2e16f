package io.flywheel.api.routes;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.insights.ModelCatalog;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.scoring.ModelLoader;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trained models: {@code GET /v1/models} (every version, the champion marked), {@code
 * /v1/models/{version}} (features, importance, plots) and the TrainJob's PNG plots.
 */
public final class ModelRoutes implements RouteGroup {
    private static final String VERSION_ID = "[A-Za-z0-9._-]{1,64}";

    private final Dependencies d;

    public ModelRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/models", Scope.READ, this::models);
        routes.get("/v1/models/{version}", Scope.READ, this::model);
        routes.get("/v1/models/{version}/plots/{name}", Scope.READ, this::plot);
    }

    record Summary(
            String modelName,
            String modelVersion,
            String objective,
            Instant createdAt,
            int ensembleSize,
            int featureCount,
            Map<String, Double> metrics,
            boolean champion,
            Map<String, Object> registry) {}

    record Models(String champion, List<Summary> versions) {}

    record Detail(
            @JsonUnwrapped Summary summary,
            List<String> features,
            Map<String, Double> featureImportance,
            List<Plot> plots) {}

    record Plot(String name, String url) {}

    private void models(Context ctx) throws IOException {
        String champion = d.champion().version().orElse(null);
        List<Summary> out = new ArrayList<>();
        for (ModelCatalog.Version v : d.models().versions()) {
            out.add(summary(v, champion));
        }
        ctx.json(new Models(champion, out));
    }

    private Summary summary(ModelCatalog.Version v, String champion) {
        return new Summary(
                v.metadata().modelName(),
                v.metadata().versionId(),
                v.metadata().objective(),
                v.createdAt(),
                ModelLoader.members(v.dir()).size(),
                v.metadata().features().size(),
                v.metadata().metrics() == null ? Map.of() : v.metadata().metrics(),
                v.metadata().versionId().equals(champion),
                d.models().registry(v));
    }

    private ModelCatalog.Version find(String version) throws IOException {
        if (!version.matches(VERSION_ID)) {
            throw Params.field("version", "must be a model version id");
        }
        return d.models()
                .find(version)
                .orElseThrow(() -> ApiProblem.notFound("no model version " + version));
    }

    private void model(Context ctx) throws Exception {
        ModelCatalog.Version v = find(ctx.pathParam("version"));
        List<Plot> plots = new ArrayList<>();
        for (String name : d.models().plots(v)) {
            plots.add(new Plot(name, "/v1/models/" + v.metadata().versionId() + "/plots/" + name));
        }
        ctx.json(
                new Detail(
                        summary(v, d.champion().version().orElse(null)),
                        v.metadata().features(),
                        d.models().importance(v),
                        plots));
    }

    /** A PNG plot the TrainJob drew beside the boosters (feature importance, predicted/actual). */
    private void plot(Context ctx) throws IOException {
        String version = ctx.pathParam("version");
        String name = ctx.pathParam("name");
        if (!version.matches(VERSION_ID)) {
            throw Params.field("version", "must be a model version id");
        }
        if (!ModelCatalog.PLOT.matcher(name).matches()) {
            throw Params.field("name", "must be a plot file name such as feature-importance.png");
        }
        ModelCatalog.Version v = find(version);
        if (!d.models().plots(v).contains(name)) {
            throw ApiProblem.notFound("model " + version + " has no plot " + name);
        }
        ctx.contentType("image/png");
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.result(Files.readAllBytes(v.dir().resolve(name)));
    }
}
