package io.flywheel.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;

/** Strict reading of query parameters, path parameters and JSON bodies; errors are 400s. */
public final class Params {
    private Params() {}

    public static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = single(ctx, name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw field(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw field(name, "must be an integer");
        }
    }

    public static double doubleParam(
            Context ctx, String name, double dflt, double min, double max) {
        String v = single(ctx, name);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw field(name, "must be between " + min + " and " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw field(name, "must be a number");
        }
    }

    public static Long longParam(Context ctx, String name) {
        String v = single(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw field(name, "must be a 64-bit integer");
        }
    }

    /** A query parameter given at most once; repeated parameters are ambiguous and refused. */
    public static String single(Context ctx, String name) {
        List<String> all = ctx.queryParams(name);
        if (all.size() > 1) {
            throw field(name, "must be given once");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    public static String required(Context ctx, String name) {
        String v = single(ctx, name);
        if (v == null || v.isEmpty()) {
            throw field(name, "is required");
        }
        return v;
    }

    public static UUID uuidPath(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            if (v.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw field(name, "must be a UUID");
        }
    }

    public static ApiProblem field(String name, String detail) {
        return ApiProblem.invalid(List.of(new Problem.FieldError(name, detail)));
    }

    /** Reads the JSON body as {@code type}, strictly; malformed or mistyped input is a 400. */
    public static <T> T body(Context ctx, Class<T> type) {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiProblem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the body as application/json",
                    null,
                    java.util.Map.of());
        }
        byte[] body = ctx.bodyAsBytes();
        int first = firstNonWhitespace(body);
        if (first < 0) {
            throw ApiProblem.badRequest("the request body is empty; a JSON object is required");
        }
        if (first != '{') {
            throw ApiProblem.badRequest("the request body must be a JSON object");
        }
        try {
            // Straight from the bytes to the type: a tree first, or a String first, parsed a
            // 100-arm score request twice.
            return Json.MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw field("/" + e.getPropertyName(), "is not a known field");
        } catch (InvalidFormatException e) {
            throw field(pointer(e), "has the wrong type or format");
        } catch (MismatchedInputException e) {
            throw field(pointer(e), "has the wrong type or is missing");
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(
                    "malformed JSON at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            // Reading bytes in memory: only a parse error can fail it, and those are above.
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The body's first byte that is not JSON whitespace, or -1 if there is none. */
    private static int firstNonWhitespace(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b & 0xFF;
            }
        }
        return -1;
    }

    private static String pointer(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            sb.append('/');
            sb.append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
