package io.flywheel.api.thumbnails;

import io.flywheel.store.ThumbnailStore;

/**
 * The thumbnail style a platform's next videos lead with (their variant 1, shown first): the style
 * that won the most decided thumbnail tests on the platform ({@link ThumbnailStore#leadStyle}).
 *
 * @param style its key, frame/text/colour (what a {@code ContentRequested} carries)
 * @param wins the decided tests it won on the platform
 */
public record LeadStyle(
        String style, String framePosition, String textStyle, String colour, long wins) {

    static LeadStyle of(ThumbnailStore.StyleWins w) {
        return new LeadStyle(
                w.style().key(),
                w.style().framePosition(),
                w.style().textStyle(),
                w.style().colour(),
                w.wins());
    }
}
