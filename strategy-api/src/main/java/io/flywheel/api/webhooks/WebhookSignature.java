package io.flywheel.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook POST, in Stripe's scheme: header {@value #HEADER} reads {@code t=<unix
 * seconds>,v1=<hex HMAC-SHA256>}, the HMAC computed with the subscription's secret over {@code
 * <t>.<body>}. A receiver recomputes it, compares in constant time and refuses a timestamp too far
 * from its clock (replayed captures).
 */
public final class WebhookSignature {
    public static final String HEADER = "Flywheel-Signature";

    private WebhookSignature() {}

    public static String header(String secret, long epochSeconds, String body) {
        return "t=" + epochSeconds + ",v1=" + hmacHex(secret, epochSeconds + "." + body);
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
