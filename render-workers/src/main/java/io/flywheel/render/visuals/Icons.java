package io.flywheel.render.visuals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.Map;

/**
 * Simple vector icons for common keywords (a coin for money, a clock for time, a heart for health
 * ...), and an abstract emblem for any other word, so a scene's picture shows what it talks about.
 */
final class Icons {
    private enum Kind {
        COIN,
        CLOCK,
        HEART,
        LOCK,
        PHONE,
        PLANE,
        SUN,
        MOON,
        CHART,
        BOOK,
        FIRE,
        DROP,
        WAVE,
        STAR,
        CHECK,
        EMBLEM
    }

    private static final Map<String, Kind> WORDS =
            Map.ofEntries(
                    Map.entry("money", Kind.COIN),
                    Map.entry("coins", Kind.COIN),
                    Map.entry("savings", Kind.COIN),
                    Map.entry("budget", Kind.COIN),
                    Map.entry("wallet", Kind.COIN),
                    Map.entry("debt", Kind.CHART),
                    Map.entry("clock", Kind.CLOCK),
                    Map.entry("timer", Kind.CLOCK),
                    Map.entry("calendar", Kind.CLOCK),
                    Map.entry("heart", Kind.HEART),
                    Map.entry("body", Kind.HEART),
                    Map.entry("fitness", Kind.HEART),
                    Map.entry("lock", Kind.LOCK),
                    Map.entry("shield", Kind.LOCK),
                    Map.entry("key", Kind.LOCK),
                    Map.entry("phone", Kind.PHONE),
                    Map.entry("laptop", Kind.PHONE),
                    Map.entry("apps", Kind.PHONE),
                    Map.entry("plane", Kind.PLANE),
                    Map.entry("airport", Kind.PLANE),
                    Map.entry("travel", Kind.PLANE),
                    Map.entry("sun", Kind.SUN),
                    Map.entry("sunrise", Kind.SUN),
                    Map.entry("moon", Kind.MOON),
                    Map.entry("night", Kind.MOON),
                    Map.entry("sleep", Kind.MOON),
                    Map.entry("chart", Kind.CHART),
                    Map.entry("growth", Kind.CHART),
                    Map.entry("invest", Kind.CHART),
                    Map.entry("progress", Kind.CHART),
                    Map.entry("book", Kind.BOOK),
                    Map.entry("notebook", Kind.BOOK),
                    Map.entry("recipe", Kind.BOOK),
                    Map.entry("fire", Kind.FIRE),
                    Map.entry("pan", Kind.FIRE),
                    Map.entry("steak", Kind.FIRE),
                    Map.entry("water", Kind.DROP),
                    Map.entry("drop", Kind.DROP),
                    Map.entry("honey", Kind.DROP),
                    Map.entry("ocean", Kind.WAVE),
                    Map.entry("wave", Kind.WAVE),
                    Map.entry("whale", Kind.WAVE),
                    Map.entry("stars", Kind.STAR),
                    Map.entry("space", Kind.STAR),
                    Map.entry("planet", Kind.STAR),
                    Map.entry("check", Kind.CHECK),
                    Map.entry("list", Kind.CHECK),
                    Map.entry("goal", Kind.CHECK));

    private Icons() {}

    static void draw(
            Graphics2D g, String keyword, float cx, float cy, float r, Color fg, Color bg) {
        Kind k =
                WORDS.getOrDefault(
                        keyword == null ? "" : keyword.toLowerCase(Locale.ROOT), Kind.EMBLEM);
        g.setColor(bg);
        g.fill(new Ellipse2D.Float(cx - r * 1.25f, cy - r * 1.25f, r * 2.5f, r * 2.5f));
        g.setColor(fg);
        g.setStroke(ProceduralSceneImages.stroke(r));
        switch (k) {
            case COIN -> {
                g.draw(new Ellipse2D.Float(cx - r, cy - r, 2 * r, 2 * r));
                g.draw(new Ellipse2D.Float(cx - r * 0.7f, cy - r * 0.7f, 1.4f * r, 1.4f * r));
                g.draw(new Line2D.Float(cx, cy - r * 0.45f, cx, cy + r * 0.45f));
            }
            case CLOCK -> {
                g.draw(new Ellipse2D.Float(cx - r, cy - r, 2 * r, 2 * r));
                g.draw(new Line2D.Float(cx, cy, cx, cy - r * 0.65f));
                g.draw(new Line2D.Float(cx, cy, cx + r * 0.45f, cy + r * 0.2f));
            }
            case HEART -> {
                GeneralPath h = new GeneralPath();
                h.moveTo(cx, cy + r * 0.9f);
                h.curveTo(
                        cx - r * 1.6f,
                        cy - r * 0.2f,
                        cx - r * 0.6f,
                        cy - r * 1.2f,
                        cx,
                        cy - r * 0.4f);
                h.curveTo(
                        cx + r * 0.6f,
                        cy - r * 1.2f,
                        cx + r * 1.6f,
                        cy - r * 0.2f,
                        cx,
                        cy + r * 0.9f);
                g.fill(h);
            }
            case LOCK -> {
                g.fill(new Rectangle2D.Float(cx - r * 0.7f, cy - r * 0.1f, r * 1.4f, r * 1.0f));
                g.draw(
                        new Arc2D.Float(
                                cx - r * 0.45f,
                                cy - r * 0.85f,
                                r * 0.9f,
                                r * 1.3f,
                                0,
                                180,
                                Arc2D.OPEN));
            }
            case PHONE -> {
                g.draw(ProceduralSceneImages.panel(cx, cy, r * 0.9f));
                g.draw(
                        new Line2D.Float(
                                cx - r * 0.2f, cy + r * 0.6f, cx + r * 0.2f, cy + r * 0.6f));
            }
            case PLANE -> {
                GeneralPath p = new GeneralPath();
                p.moveTo(cx - r, cy + r * 0.1f);
                p.lineTo(cx + r, cy - r * 0.3f);
                p.lineTo(cx - r * 0.2f, cy + r * 0.6f);
                p.closePath();
                g.fill(p);
            }
            case SUN -> {
                g.fill(new Ellipse2D.Float(cx - r * 0.5f, cy - r * 0.5f, r, r));
                for (int i = 0; i < 8; i++) {
                    double a = Math.PI * i / 4;
                    g.draw(
                            new Line2D.Double(
                                    cx + Math.cos(a) * r * 0.7,
                                    cy + Math.sin(a) * r * 0.7,
                                    cx + Math.cos(a) * r,
                                    cy + Math.sin(a) * r));
                }
            }
            case MOON -> {
                g.fill(new Arc2D.Float(cx - r, cy - r, 2 * r, 2 * r, 60, 240, Arc2D.CHORD));
            }
            case CHART -> {
                for (int i = 0; i < 4; i++) {
                    float bh = r * (0.5f + i * 0.45f);
                    g.fill(
                            new Rectangle2D.Float(
                                    cx - r + i * r * 0.55f, cy + r - bh, r * 0.35f, bh));
                }
            }
            case BOOK -> {
                g.draw(new Rectangle2D.Float(cx - r, cy - r * 0.7f, r, r * 1.4f));
                g.draw(new Rectangle2D.Float(cx, cy - r * 0.7f, r, r * 1.4f));
            }
            case FIRE -> {
                GeneralPath f = new GeneralPath();
                f.moveTo(cx, cy - r);
                f.curveTo(cx + r, cy - r * 0.2f, cx + r * 0.8f, cy + r, cx, cy + r);
                f.curveTo(cx - r * 0.8f, cy + r, cx - r, cy - r * 0.2f, cx, cy - r);
                g.fill(f);
            }
            case DROP -> {
                GeneralPath d = new GeneralPath();
                d.moveTo(cx, cy - r);
                d.curveTo(
                        cx + r * 0.2f,
                        cy - r * 0.4f,
                        cx + r * 0.8f,
                        cy + r * 0.1f,
                        cx + r * 0.7f,
                        cy + r * 0.45f);
                d.curveTo(
                        cx + r * 0.5f,
                        cy + r * 1.1f,
                        cx - r * 0.5f,
                        cy + r * 1.1f,
                        cx - r * 0.7f,
                        cy + r * 0.45f);
                d.curveTo(cx - r * 0.8f, cy + r * 0.1f, cx - r * 0.2f, cy - r * 0.4f, cx, cy - r);
                g.fill(d);
            }
            case WAVE -> {
                for (int row = 0; row < 3; row++) {
                    GeneralPath w = new GeneralPath();
                    float y = cy - r * 0.5f + row * r * 0.5f;
                    w.moveTo(cx - r, y);
                    w.curveTo(cx - r * 0.5f, y - r * 0.3f, cx - r * 0.2f, y + r * 0.3f, cx, y);
                    w.curveTo(cx + r * 0.2f, y - r * 0.3f, cx + r * 0.5f, y + r * 0.3f, cx + r, y);
                    g.draw(w);
                }
            }
            case STAR -> g.fill(star(cx, cy, r, 5));
            case CHECK -> {
                GeneralPath c = new GeneralPath();
                c.moveTo(cx - r * 0.7f, cy);
                c.lineTo(cx - r * 0.15f, cy + r * 0.55f);
                c.lineTo(cx + r * 0.8f, cy - r * 0.6f);
                g.draw(c);
            }
            default -> {
                // An emblem from the word itself: the number of points and the rotation follow it.
                int h = keyword == null ? 0 : Math.abs(keyword.hashCode());
                g.fill(star(cx, cy, r, 3 + h % 6));
            }
        }
    }

    private static GeneralPath star(float cx, float cy, float r, int points) {
        GeneralPath s = new GeneralPath();
        for (int i = 0; i < points * 2; i++) {
            double a = Math.PI * i / points - Math.PI / 2;
            double rr = i % 2 == 0 ? r : r * 0.45;
            double x = cx + Math.cos(a) * rr;
            double y = cy + Math.sin(a) * rr;
            if (i == 0) {
                s.moveTo(x, y);
            } else {
                s.lineTo(x, y);
            }
        }
        s.closePath();
        return s;
    }
}
