package io.flywheel.api.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps webhooks off internal networks (server-side request forgery): a URL whose host resolves to
 * a loopback, private (RFC 1918), shared (RFC 6598), link-local (including cloud metadata at
 * 169.254.169.254), unique-local (fc00::/7), unspecified or multicast address is refused, unless
 * {@code webhooks.allow.private.addresses} is set. Checked when a subscription is made and again
 * before every delivery, since the name may resolve elsewhere later (DNS rebinding). Every address
 * the name resolves to must be public, and the delivery connects right after the check, within the
 * JVM's positive DNS cache (30 s by default), so the connection uses the answer just checked.
 */
public final class WebhookAddressGuard {
    private final boolean allowPrivate;

    public WebhookAddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code url} may not be called, or empty when it may. Resolves its host. */
    public Optional<String> refusal(URI url) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            Optional<String> kind = nonPublic(a);
            if (kind.isPresent()) {
                return Optional.of(
                        "the host "
                                + host
                                + " resolves to a "
                                + kind.get()
                                + " address; webhooks go to public addresses only"
                                + " (webhooks.allow.private.addresses=true allows it)");
            }
        }
        return Optional.empty();
    }

    /** The kind of non-public address {@code a} is, or empty for a public one. */
    static Optional<String> nonPublic(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isMappedV4(b)) {
                try {
                    return nonPublic(
                            InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return Optional.of("malformed");
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local");
            }
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("shared"); // RFC 6598, carrier-grade NAT
            }
        }
        return Optional.empty();
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
