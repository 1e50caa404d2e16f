package io.flywheel.store;

import java.util.List;

/**
 * How a thumbnail variant looks: which part of the video its frame comes from ({@code early},
 * {@code middle}, {@code late}), how the title is written ({@code title} as written, {@code caps}
 * in capitals) and the title's colour ({@code white}, {@code yellow}, {@code cyan}).
 */
public record ThumbnailStyle(String framePosition, String textStyle, String colour) {
    public static final List<String> FRAME_POSITIONS = List.of("early", "middle", "late");
    public static final List<String> TEXT_STYLES = List.of("title", "caps");
    public static final List<String> COLOURS = List.of("white", "yellow", "cyan");

    public ThumbnailStyle {
        check(FRAME_POSITIONS, framePosition, "frame position");
        check(TEXT_STYLES, textStyle, "text style");
        check(COLOURS, colour, "colour");
    }

    private static void check(List<String> allowed, String value, String what) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(
                    "unknown thumbnail " + what + " '" + value + "', expected one of " + allowed);
        }
    }

    /** The style a {@link #key()} names; an unknown part is an error that lists the known ones. */
    public static ThumbnailStyle of(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a thumbnail style is frame/text/colour, e.g. middle/caps/yellow, not '"
                            + key
                            + "'");
        }
        return new ThumbnailStyle(parts[0], parts[1], parts[2]);
    }

    /** {@code early/title/white}: the key the simulator and the dashboard name a style by. */
    public String key() {
        return framePosition + "/" + textStyle + "/" + colour;
    }
}
