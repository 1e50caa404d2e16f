package io.flywheel.render.visuals.stock;

import java.util.List;

/**
 * One video a stock library offers, with what its licence asks us to keep (who made it, where its
 * page is) and the files it can be downloaded as.
 *
 * @param id the library's id of the video
 * @param author the videographer's or uploader's name
 * @param authorUrl their page on the library, if given
 * @param pageUrl the video's page on the library
 * @param durationS its length as the library states it
 * @param files its renditions (MP4), each with the size the library states
 */
public record StockClip(
        String id,
        String author,
        String authorUrl,
        String pageUrl,
        double durationS,
        List<File> files) {
    public StockClip {
        files = List.copyOf(files);
    }

    /**
     * A rendition of the video.
     *
     * @param bytes its size if the library states it, else 0
     */
    public record File(String url, int width, int height, long bytes) {}
}
