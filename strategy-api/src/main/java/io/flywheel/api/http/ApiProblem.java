package io.flywheel.api.http;

import java.util.List;
import java.util.Map;

/** Thrown by a handler to answer with a problem; the server turns it into RFC 9457 JSON. */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String kind;
    private final String title;
    private final transient List<Problem.FieldError> errors;
    private final transient Map<String, String> headers;

    public ApiProblem(
            int status,
            String kind,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, null, Map.of());
    }

    public static ApiProblem invalid(List<Problem.FieldError> errors) {
        String detail =
                errors.size() == 1
                        ? errors.get(0).pointer() + ": " + errors.get(0).detail()
                        : errors.size() + " invalid fields";
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, errors, Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, null, Map.of());
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(
                503,
                "unavailable",
                "Service unavailable",
                detail,
                null,
                Map.of("Retry-After", "5"));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problems.typeUri(kind), title, status, getMessage(), instance, errors);
    }
}
