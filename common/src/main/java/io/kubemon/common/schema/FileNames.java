package io.kubemon.common.schema;

/**
 * File names from agent-supplied names (nodes now, containers and pods later). Only a safe
 * character set survives, so a name can never carry a path separator, a control character or
 * a leading dot.
 */
public final class FileNames {
    public static final int MAX = 200;

    private FileNames() {}

    public static String sanitize(String source) {
        if (source == null || source.isEmpty()) {
            return "_";
        }
        StringBuilder b = new StringBuilder(Math.min(source.length(), MAX));
        for (int i = 0; i < source.length() && b.length() < MAX; i++) {
            char c = source.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || (c == '.' && b.length() > 0);
            b.append(ok ? c : '_');
        }
        return b.toString();
    }
}
