package io.flywheel.publishers.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A PKCE pair (RFC 7636): a fresh {@code code_verifier} of 43 characters from 32 random bytes, and
 * its S256 {@code code_challenge}. RFC 7636 encodes the SHA-256 digest in base64url without
 * padding; TikTok's desktop Login Kit asks for it in hexadecimal, so the encoding is a choice.
 */
public record Pkce(String verifier, String challenge) {

    /** How the S256 digest is written in the challenge. */
    public enum Encoding {
        BASE64URL,
        HEX;

        public static Encoding parse(String s) {
            return s.equalsIgnoreCase("hex") ? HEX : BASE64URL;
        }
    }

    public static Pkce create(SecureRandom random, Encoding encoding) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        return new Pkce(verifier, challenge(verifier, encoding));
    }

    /** The S256 challenge of {@code verifier}. */
    public static String challenge(String verifier, Encoding encoding) {
        byte[] digest = sha256(verifier.getBytes(StandardCharsets.US_ASCII));
        return encoding == Encoding.HEX
                ? HexFormat.of().formatHex(digest)
                : Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
