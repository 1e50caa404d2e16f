package io.flywheel.api.videos;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.ByteRange;

/**
 * The byte range a {@code Range} header asks of a file, parsed by Jetty's {@link ByteRange} (the
 * parser Jetty's own resource service uses for static files, RFC 9110 §14). Several ranges are
 * answered with the first (coalesced) one only, which RFC 9110 allows.
 */
public final class RequestedRange {
    private RequestedRange() {}

    /** Thrown when no range of the header can be satisfied (416). */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String header, long size) {
            super("no satisfiable range in '" + header + "' for " + size + " bytes");
        }
    }

    /**
     * The range to serve; empty for no header, or for a unit other than bytes (ignored, so the
     * whole file is served).
     *
     * @throws Unsatisfiable if the header names byte ranges but none of them lies in the file
     */
    public static Optional<ByteRange> of(String header, long size) throws Unsatisfiable {
        if (header == null || !header.strip().startsWith("bytes=")) {
            return Optional.empty();
        }
        List<ByteRange> ranges = ByteRange.parse(List.of(header), size);
        if (ranges.isEmpty()) {
            throw new Unsatisfiable(header, size);
        }
        return Optional.of(ranges.get(0));
    }
}
