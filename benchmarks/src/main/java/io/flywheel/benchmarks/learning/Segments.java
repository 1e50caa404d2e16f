package io.flywheel.benchmarks.learning;

/** "PLATFORM/niche" segment names, as worlds and arms spell them. */
final class Segments {
    private Segments() {}

    static String[] split(String segment) {
        int i = segment.indexOf('/');
        if (i <= 0) {
            throw new IllegalArgumentException("not a PLATFORM/niche segment: " + segment);
        }
        return new String[] {segment.substring(0, i), segment.substring(i + 1)};
    }
}
