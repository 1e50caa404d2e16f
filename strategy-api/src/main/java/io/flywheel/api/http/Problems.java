package io.flywheel.api.http;

import io.javalin.http.Context;

/** Writes problem details responses. */
public final class Problems {
    private Problems() {}

    /** Problem types are documented in the OpenAPI document under this URN scheme. */
    public static String typeUri(String kind) {
        return "urn:flywheel:problem:" + kind;
    }

    public static void write(Context ctx, Problem p) {
        ctx.status(p.status());
        ctx.contentType(Problem.MEDIA_TYPE);
        ctx.result(Json.write(p));
    }

    public static void write(Context ctx, ApiProblem e) {
        e.headers().forEach(ctx::header);
        write(ctx, e.toProblem(ctx.path()));
    }

    public static Problem of(int status, String kind, String title, String detail, String path) {
        return new Problem(typeUri(kind), title, status, detail, path, null);
    }
}
