package io.flywheel.render.visuals.stock;

/**
 * One photo a stock library offers, with what its licence asks us to keep: who took it and where
 * its page is.
 *
 * @param id the library's id of the photo
 * @param author the photographer's or uploader's name
 * @param authorUrl their page on the library, if given
 * @param pageUrl the photo's page on the library
 * @param downloadUrl the file to download (never linked to: it is copied into the job)
 * @param width the width of {@code downloadUrl}'s file as the library states it
 * @param height its height
 * @param smallerUrl a smaller rendition the library offers (fetched when it covers the frame), or
 *     empty
 */
public record StockPhoto(
        String id,
        String author,
        String authorUrl,
        String pageUrl,
        String downloadUrl,
        int width,
        int height,
        String smallerUrl) {}
