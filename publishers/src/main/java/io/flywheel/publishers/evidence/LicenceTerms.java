package io.flywheel.publishers.evidence;

import io.flywheel.schemas.Platform;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which platforms an asset licence allows. A licence must be known here to be published anywhere:
 * an unknown name is refused with the list to choose from, so a typo cannot pass as a licence.
 * Non-commercial licences (Creative Commons {@code -NC-}) allow none of the platforms, whose videos
 * are monetised; YouTube Audio Library tracks may be used on YouTube only.
 */
public final class LicenceTerms {
    private static final Set<Platform> EVERY = Set.of(Platform.values());

    static final Map<String, Set<Platform>> KNOWN =
            Map.ofEntries(
                    Map.entry("LicenseRef-Flywheel-generated", EVERY),
                    Map.entry("LicenseRef-user-supplied", EVERY),
                    Map.entry("LicenseRef-OpenAI-terms", EVERY),
                    Map.entry("LicenseRef-FreeTTS-BSD-style", EVERY),
                    Map.entry("LicenseRef-Symbola-free-use", EVERY),
                    Map.entry("GPL-3.0-or-later", EVERY),
                    Map.entry("GPL-3.0-or-later WITH Font-exception-2.0", EVERY),
                    Map.entry("Apache-2.0 OR GPL-3.0-only WITH Font-exception-2.0", EVERY),
                    Map.entry("Bitstream-Vera", EVERY),
                    Map.entry("OFL-1.1", EVERY),
                    Map.entry("Apache-2.0", EVERY),
                    Map.entry("MIT", EVERY),
                    Map.entry("CC0-1.0", EVERY),
                    Map.entry("CC-BY-4.0", EVERY),
                    Map.entry("CC-BY-SA-4.0", EVERY),
                    Map.entry("LicenseRef-Pixabay", EVERY),
                    Map.entry("LicenseRef-Pexels", EVERY),
                    Map.entry("LicenseRef-YouTube-Audio-Library", Set.of(Platform.YOUTUBE_SHORTS)));

    private LicenceTerms() {}

    /** Why {@code licence} does not allow {@code platform}, or empty when it does. */
    public static Optional<String> refusal(String licence, Platform platform) {
        if (licence.toUpperCase(Locale.ROOT).matches("CC-BY(-SA)?-NC.*")) {
            return Optional.of(
                    "licence "
                            + licence
                            + " is non-commercial and allows no platform Flywheel publishes to");
        }
        Set<Platform> allowed = KNOWN.get(licence);
        if (allowed == null) {
            return Optional.of(
                    "licence '"
                            + licence
                            + "' is not one Flywheel knows (see docs/evidence.md for the list)");
        }
        if (!allowed.contains(platform)) {
            return Optional.of("licence " + licence + " allows " + names(allowed) + " only");
        }
        return Optional.empty();
    }

    private static String names(Set<Platform> platforms) {
        return String.join(", ", platforms.stream().map(Enum::name).sorted().toList());
    }
}
