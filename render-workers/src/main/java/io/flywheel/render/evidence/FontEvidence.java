package io.flywheel.render.evidence;

import io.flywheel.render.media.ProcessRunner;
import io.flywheel.store.AssetEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evidence of the fonts that drew a video's titles and captions: each font family with the
 * Debian package that installs it, the package's version (its receipt, as {@code dpkg-query}
 * reports it) and the licence of that package's {@code copyright} file. A family not in the table
 * (e.g. Java's logical font, drawn when no listed font shows a character) has no licence: missing
 * evidence.
 */
public final class FontEvidence {
    /** A font family's Debian package and licence (SPDX, from the package's copyright file). */
    record Package(String name, String licence) {}

    static final Map<String, Package> PACKAGES =
            Map.ofEntries(
                    Map.entry("DejaVu Sans", new Package("fonts-dejavu-core", "Bitstream-Vera")),
                    Map.entry(
                            "Droid Sans Fallback",
                            new Package("fonts-droid-fallback", "Apache-2.0")),
                    Map.entry("Noto Sans CJK SC", new Package("fonts-noto-cjk", "OFL-1.1")),
                    Map.entry("Noto Sans CJK JP", new Package("fonts-noto-cjk", "OFL-1.1")),
                    Map.entry("Noto Sans Arabic", new Package("fonts-noto-core", "OFL-1.1")),
                    Map.entry("Noto Sans Devanagari", new Package("fonts-noto-core", "OFL-1.1")),
                    Map.entry(
                            "WenQuanYi Micro Hei",
                            new Package(
                                    "fonts-wqy-microhei",
                                    "Apache-2.0 OR GPL-3.0-only WITH Font-exception-2.0")),
                    Map.entry(
                            "Symbola", new Package("fonts-symbola", "LicenseRef-Symbola-free-use")),
                    Map.entry("Noto Sans Symbols", new Package("fonts-noto-core", "OFL-1.1")),
                    Map.entry("Noto Sans Symbols2", new Package("fonts-noto-core", "OFL-1.1")),
                    Map.entry(
                            "FreeSerif",
                            new Package(
                                    "fonts-freefont-ttf",
                                    "GPL-3.0-or-later WITH Font-exception-2.0")));

    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private FontEvidence() {}

    /** One row per family, keyed {@code font:<family>}. */
    public static List<AssetEvidence> of(Iterable<String> families) {
        List<AssetEvidence> out = new ArrayList<>();
        for (String family : families) {
            Package p = PACKAGES.get(family);
            String version = p == null ? null : version(p.name());
            out.add(
                    new AssetEvidence(
                            "font:" + family,
                            "font",
                            p == null ? "system font" : "debian:" + p.name(),
                            version,
                            family,
                            p == null ? null : p.licence(),
                            List.of(),
                            version == null ? null : p.name() + "=" + version));
        }
        return out;
    }

    /** The installed version of a Debian package, or null when dpkg-query does not know it. */
    static String version(String debianPackage) {
        String v =
                VERSIONS.computeIfAbsent(
                        debianPackage,
                        p -> {
                            try {
                                ProcessRunner.Result r =
                                        ProcessRunner.run(
                                                List.of("dpkg-query", "-W", "-f=${Version}", p),
                                                Duration.ofSeconds(10));
                                return r.exitCode() == 0 ? r.stdout().strip() : "";
                            } catch (RuntimeException e) {
                                return ""; // no dpkg-query (not Debian)
                            }
                        });
        return v.isEmpty() ? null : v;
    }
}
