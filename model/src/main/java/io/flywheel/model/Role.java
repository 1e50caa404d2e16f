package io.flywheel.model;

/** What a parameter is to recommendations. */
public enum Role {
    /** Platform and niche: a recommendation is asked for a segment, never chooses them. */
    SEGMENT,
    /** What the video is made of; the effects model chooses these. */
    CONTENT,
    /** When the video is posted. */
    TIMING
}
