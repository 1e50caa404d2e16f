package io.flywheel.api.videos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 §14), resolved against a length.
 * Several ranges in one header are answered with the first only, which RFC 9110 allows.
 */
public record ByteRange(long start, long endInclusive) {
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    public long length() {
        return endInclusive - start + 1;
    }

    /** Thrown when the range cannot be satisfied (416). */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unsatisfiable(String why) {
            super(why);
        }
    }

    /**
     * The range asked for, empty for no (or an unparseable, hence ignorable) Range header.
     *
     * @throws Unsatisfiable if the range is well-formed but outside the file
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null || !header.startsWith("bytes=")) {
            return Optional.empty();
        }
        String first = header.substring(6).split(",", 2)[0];
        Matcher m = SPEC.matcher(first);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).length() > 18 || m.group(2).length() > 18) {
            throw new Unsatisfiable("range numbers too large");
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable("empty suffix range");
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
            return Optional.empty(); // syntactically invalid: ignore the header
        }
        if (start >= size) {
            throw new Unsatisfiable("range starts at or after the end (" + size + " bytes)");
        }
        long end = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        return Optional.of(new ByteRange(start, Math.min(end, size - 1)));
    }
}
