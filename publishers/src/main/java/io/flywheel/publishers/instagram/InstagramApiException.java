package io.flywheel.publishers.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Graph API answered with an error: {@code {"error": {"message", "type", "code",
 * "error_subcode"}}}. The message never contains the access token.
 */
public final class InstagramApiException extends Exception {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final int code;

    public InstagramApiException(String message, int status, int code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static InstagramApiException from(String what, int status, String body) {
        int code = 0;
        String message = "";
        try {
            JsonNode e = JSON.readTree(body == null || body.isBlank() ? "{}" : body).path("error");
            code = e.path("code").asInt(0);
            message = e.path("message").asText("");
        } catch (Exception notJson) {
            message = body.length() > 200 ? body.substring(0, 200) : body;
        }
        return new InstagramApiException(
                what
                        + " failed: HTTP "
                        + status
                        + (code == 0 ? "" : " code " + code)
                        + (message.isEmpty() ? "" : " (" + message + ")"),
                status,
                code);
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    /** Code 190: the access token is invalid or expired. */
    public boolean credentials() {
        return code == 190 || status == 401;
    }

    /** Application, user or page request limits (codes 4, 17, 32, 613). */
    public boolean rateLimited() {
        return code == 4 || code == 17 || code == 32 || code == 613 || status == 429;
    }
}
