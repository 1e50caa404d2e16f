package io.flywheel.render.moderation;

import io.flywheel.render.script.Script;
import io.flywheel.schemas.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a script before anything is spent on it: blocklisted terms, personal data (e-mail
 * addresses, phone numbers, card numbers that pass the Luhn check, US social security numbers) and
 * the platforms' policy phrases. Synthetic scripts get the AI-content disclosure flag that the
 * platforms require. Borderline phrases pass, but are named in the verdict: the publisher holds
 * such a video for a person's approval (the review queue).
 */
public final class ContentModerator {
    /**
     * @param borderline what passed but needs a person's approval before publishing
     */
    public record Verdict(
            boolean passed, List<String> reasons, boolean aiDisclosure, List<String> borderline) {}

    private static final Pattern EMAIL =
            Pattern.compile("[\\p{L}0-9._%+-]+@[\\p{L}0-9.-]+\\.[\\p{L}]{2,}");
    private static final Pattern PHONE =
            Pattern.compile(
                    "(?<![\\d])(\\+?\\d{1,3}[ .-]?)?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}(?![\\d])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d])(?:\\d[ -]?){13,19}(?![\\d])");
    private static final Pattern SSN = Pattern.compile("(?<![\\d])\\d{3}-\\d{2}-\\d{4}(?![\\d])");

    private final List<String> blocklist;
    private final List<String[]> policy;
    private final List<String[]> borderline;

    public ContentModerator() {
        this(lines("blocklist.txt"), lines("policy.txt"), lines("borderline.txt"));
    }

    ContentModerator(List<String> blocklist, List<String> policyLines) {
        this(blocklist, policyLines, List.of());
    }

    ContentModerator(
            List<String> blocklist, List<String> policyLines, List<String> borderlineLines) {
        this.blocklist = blocklist;
        this.policy = rules(policyLines);
        this.borderline = rules(borderlineLines);
    }

    private static List<String[]> rules(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        for (String l : lines) {
            int bar = l.indexOf('|');
            if (bar > 0) {
                out.add(new String[] {l.substring(0, bar), l.substring(bar + 1)});
            }
        }
        return out;
    }

    public Verdict check(Script script, Platform platform) {
        List<String> reasons = new ArrayList<>();
        String all = script.title() + "\n" + script.fullText();
        String norm = normalise(all);
        for (String term : blocklist) {
            if (containsWord(norm, term)) {
                reasons.add("blocklisted term: " + term);
            }
        }
        for (String[] rule : policy) {
            if ((rule[0].equals("*") || rule[0].equalsIgnoreCase(platform.name()))
                    && containsWord(norm, rule[1])) {
                reasons.add("platform policy (" + platform + "): " + rule[1]);
            }
        }
        if (EMAIL.matcher(all).find()) {
            reasons.add("personal data: e-mail address");
        }
        if (SSN.matcher(all).find()) {
            reasons.add("personal data: social security number");
        }
        Matcher card = CARD.matcher(all);
        boolean cardFound = false;
        while (card.find()) {
            if (luhn(card.group().replaceAll("[ -]", ""))) {
                reasons.add("personal data: payment card number");
                cardFound = true;
                break;
            }
        }
        if (!cardFound && PHONE.matcher(all).find()) {
            reasons.add("personal data: phone number");
        }
        List<String> flagged = new ArrayList<>();
        for (String[] rule : borderline) {
            if ((rule[0].equals("*") || rule[0].equalsIgnoreCase(platform.name()))
                    && containsWord(norm, rule[1])) {
                flagged.add("borderline phrase: " + rule[1]);
            }
        }
        return new Verdict(
                reasons.isEmpty(),
                List.copyOf(reasons),
                script.aiGenerated(),
                List.copyOf(flagged));
    }

    /** Lower case, accents and look-alike spacing removed, so "N a z i" style tricks are fewer. */
    static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return " " + n.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
    }

    private static boolean containsWord(String normalised, String term) {
        String t = normalise(term);
        return normalised.contains(t);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0 && digits.length() >= 13;
    }

    private static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        try (InputStream in =
                        ContentModerator.class.getResourceAsStream(
                                "/io/flywheel/render/moderation/" + name);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                l = l.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
