package io.flywheel.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem
 * @param title a short, fixed summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request, for a person
 * @param instance the request path
 * @param errors field-level validation errors, when there are several
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors) {

    /** One invalid input: where (a JSON pointer or a parameter name) and why. */
    public record FieldError(String pointer, String detail) {}

    public static final String MEDIA_TYPE = "application/problem+json";
}
