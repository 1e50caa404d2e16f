package io.flywheel.storage;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a key may be: relative, made of plain segments (letters, digits, {@code . _ -}, not starting
 * with a dot), so a key can never name a file outside the data directory or another bucket prefix.
 */
public final class ObjectKeys {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {}

    /** The key, if every segment is plain; else an IllegalArgumentException naming it. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > 900) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        for (String s : key.split("/", -1)) {
            if (!SEGMENT.matcher(s).matches() || s.contains("..")) {
                throw new IllegalArgumentException("not an object key: " + key);
            }
        }
        return key;
    }

    /** A prefix for listing: empty, or a checked key optionally ending with a slash. */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    /** {@code prefix/<relative path of file below dir>} with forward slashes. */
    public static String below(String prefix, Path dir, Path file) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return check(p.isEmpty() ? rel : p + "/" + rel);
    }
}
