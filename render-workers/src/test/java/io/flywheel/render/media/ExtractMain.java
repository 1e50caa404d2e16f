package io.flywheel.render.media;

import java.nio.file.Path;

/** Extracts the bundled ffmpeg into the directory given and prints its path (a second process). */
public final class ExtractMain {
    private ExtractMain() {}

    public static void main(String[] args) {
        System.out.println(BundledFfmpeg.extract(Path.of(args[0])).ffmpeg());
    }
}
