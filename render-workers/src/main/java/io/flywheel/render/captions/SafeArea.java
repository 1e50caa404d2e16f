package io.flywheel.render.captions;

import io.flywheel.schemas.Platform;

/**
 * The part of a frame that the platform's own buttons and captions do not cover, as fractions of
 * the frame: captions and titles are kept inside it.
 */
public record SafeArea(double top, double bottom, double left, double right) {
    public static SafeArea of(Platform platform, int width, int height) {
        boolean vertical = height > width;
        if (!vertical) {
            return new SafeArea(0.06, 0.08, 0.06, 0.06);
        }
        return switch (platform) {
            // TikTok: caption and music row at the bottom, buttons on the right.
            case TIKTOK -> new SafeArea(0.10, 0.22, 0.06, 0.14);
            case INSTAGRAM_REELS -> new SafeArea(0.11, 0.20, 0.06, 0.12);
            default -> new SafeArea(0.08, 0.17, 0.06, 0.12);
        };
    }

    public int x0(int width) {
        return (int) (width * left);
    }

    public int x1(int width) {
        return (int) (width * (1 - right));
    }

    public int y0(int height) {
        return (int) (height * top);
    }

    public int y1(int height) {
        return (int) (height * (1 - bottom));
    }
}
