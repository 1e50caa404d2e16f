package io.flywheel.render.visuals;

import java.awt.Color;
import java.util.Locale;
import java.util.Random;

/** Colours for a mood: calm is cool, upbeat warm and bright, dramatic dark and saturated. */
public record Palette(Color background, Color deep, Color accent, Color light) {
    public static Palette of(String mood, Random rnd) {
        float shift = (rnd.nextFloat() - 0.5f) * 0.08f;
        return switch (mood == null ? "" : mood.toLowerCase(Locale.ROOT)) {
            case "upbeat" -> hsb(0.08f + shift, 0.85f, 0.98f, 0.93f);
            case "dramatic" -> hsb(0.97f + shift, 0.85f, 0.35f, 0.02f);
            case "lofi" -> hsb(0.78f + shift, 0.35f, 0.70f, 0.10f);
            default -> hsb(0.55f + shift, 0.55f, 0.80f, 0.45f);
        };
    }

    private static Palette hsb(float hue, float sat, float bright, float accentHue) {
        return new Palette(
                Color.getHSBColor(hue, sat, bright),
                Color.getHSBColor(hue, Math.min(1, sat + 0.1f), bright * 0.45f),
                Color.getHSBColor(accentHue, 0.9f, 1.0f),
                Color.getHSBColor(hue, sat * 0.25f, 1.0f));
    }
}
