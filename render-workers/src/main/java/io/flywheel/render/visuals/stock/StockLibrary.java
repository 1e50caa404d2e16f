package io.flywheel.render.visuals.stock;

import java.io.IOException;
import java.util.List;

/** A stock photo library searched through its official API. */
public interface StockLibrary {
    /** Its name in the evidence and the metrics, e.g. {@code pexels}. */
    String provider();

    /** The API and its version, as recorded in the evidence. */
    String version();

    /** The licence id of its photos, one that the publisher's licence table knows. */
    String licence();

    /** The licence's own name, as the library calls it. */
    String licenceName();

    /** Photos matching {@code query}, best first, for a frame of this shape. */
    List<StockPhoto> search(String query, boolean portrait, boolean landscape)
            throws IOException, InterruptedException;

    /** Downloads a photo's file, the smallest the library offers that covers the frame. */
    byte[] download(StockPhoto photo, int width, int height)
            throws IOException, InterruptedException;
}
