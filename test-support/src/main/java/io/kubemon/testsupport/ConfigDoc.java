package io.kubemon.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's configuration table, made from what the build knows: Spring's configuration metadata
 * ({@code META-INF/spring-configuration-metadata.json}, written by spring-boot-configuration-processor
 * from the properties record: each key, its {@code @DefaultValue} and its {@code @param} text) and
 * the shipped {@code application.properties} (a shipped value is the default a user gets). The
 * docs hold it between {@code <!-- generated: NAME -->} and {@code <!-- end: NAME -->}; each
 * service's test fails while they differ, and rewrites them with {@code -Dkubemon.regenerate-docs=true}.
 */
public final class ConfigDoc {
    private ConfigDoc() {}

    /** The table of every setting under {@code prefix}, by key; a setting without a description is refused. */
    public static String table(Path metadata, Path properties, String prefix) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(metadata.toFile());
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            shipped.load(r);
        }
        List<JsonNode> rows = new ArrayList<>();
        root.get("properties").forEach(p -> {
            if (p.get("name").asString().startsWith(prefix)) {
                rows.add(p);
            }
        });
        rows.sort(Comparator.comparing(p -> p.get("name").asString()));
        StringBuilder b = new StringBuilder("| property | default | meaning |\n|---|---|---|\n");
        List<String> undocumented = new ArrayList<>();
        for (JsonNode p : rows) {
            String name = p.get("name").asString();
            JsonNode description = p.get("description");
            if (description == null || description.asString().isBlank()) {
                undocumented.add(name);
                continue;
            }
            String value = shipped.getProperty(name);
            if (value == null && p.has("defaultValue")) {
                JsonNode d = p.get("defaultValue");
                List<String> parts = new ArrayList<>();
                if (d.isArray()) {
                    d.forEach(x -> parts.add(x.asString()));
                } else {
                    parts.add(d.asString());
                }
                value = String.join(",", parts);
            }
            b.append("| `")
                    .append(name)
                    .append("` | ")
                    .append(value == null || value.isEmpty() ? "(none)" : cell(value))
                    .append(" | ")
                    .append(cell(prose(description.asString())))
                    .append(" |\n");
        }
        if (!undocumented.isEmpty()) {
            throw new IllegalStateException("settings without a description (an @param of the properties record): "
                    + String.join(", ", undocumented));
        }
        return b.toString();
    }

    /** Javadoc's inline tags as Markdown. */
    static String prose(String javadoc) {
        return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link(?:plain)? (?:[^} ]+ )?([^}]*)}", "$1")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** The document with the block {@code name} replaced by {@code table}; refused when it has no such block. */
    public static String withBlock(String doc, String name, String table) {
        String start = "<!-- generated: " + name + " -->\n";
        String end = "<!-- end: " + name + " -->";
        int a = doc.indexOf(start);
        int z = doc.indexOf(end);
        if (a < 0 || z < a) {
            throw new IllegalStateException("no block " + start.strip() + " ... " + end);
        }
        return doc.substring(0, a + start.length()) + table + doc.substring(z);
    }

    /**
     * Checks the document's block against the table made now, or rewrites it with
     * {@code -Dkubemon.regenerate-docs=true}; returns null when they agree, else what to do.
     */
    public static String check(Path doc, String name, String table) throws IOException {
        String now = Files.readString(doc);
        String made = withBlock(now, name, table);
        if (made.equals(now)) {
            return null;
        }
        if (Boolean.getBoolean("kubemon.regenerate-docs")) {
            Files.writeString(doc, made);
            return null;
        }
        return doc + " differs from the " + name + " settings the build declares; regenerate with "
                + "-Dkubemon.regenerate-docs=true";
    }
}
