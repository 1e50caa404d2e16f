package io.flywheel.render.evidence;

import java.util.List;

/**
 * What a provider declares about the assets it makes: its name, the model or program version, and
 * the licence its output is used under. A provider that declares no licence makes assets with
 * missing evidence, which the publisher refuses.
 *
 * @param allowedPlatforms the platforms its output may go to; empty: every platform its licence
 *     allows
 */
public record Provenance(
        String provider, String version, String licence, List<String> allowedPlatforms) {

    /** Our own generators' output: ours to publish anywhere. */
    public static final String FLYWHEEL_GENERATED = "LicenseRef-Flywheel-generated";

    /** Text or media the brief's author supplied, with the rights to it. */
    public static final String USER_SUPPLIED = "LicenseRef-user-supplied";

    /** OpenAI's terms: the output is assigned to the user (AI-generated, disclosed). */
    public static final String OPENAI_TERMS = "LicenseRef-OpenAI-terms";

    public Provenance {
        allowedPlatforms = allowedPlatforms == null ? List.of() : List.copyOf(allowedPlatforms);
    }

    public Provenance(String provider, String version, String licence) {
        this(provider, version, licence, List.of());
    }

    /** Nothing declared: the evidence of its assets is missing. */
    public static Provenance undeclared(String provider) {
        return new Provenance(provider, null, null);
    }
}
