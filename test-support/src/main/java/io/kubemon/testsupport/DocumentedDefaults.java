package io.kubemon.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's defaults as three places state them: the configuration table of the docs (one row
 * per setting, {@code | `kubemon.x.key` | value | …}), the shipped {@code application.properties}
 * and the {@code @DefaultValue} of its properties record. A default said differently in two of
 * them is a user told one thing and given another (the agent's memory queue: 64 in the docs and
 * the record, 3600 shipped), so each module's test compares them with these readers.
 */
public final class DocumentedDefaults {
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|\\s*((?:\\\\\\||[^|])+?)\\s*\\|", Pattern.MULTILINE);

    private DocumentedDefaults() {}

    /** Each setting under {@code prefix} the document's tables give a single default, by key. */
    public static Map<String, String> documented(Path markdown, String prefix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(markdown));
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                out.put(m.group(1), m.group(2).replace("\\|", "|")); // a Markdown cell's escaped pipe
            }
        }
        return out;
    }

    /** The shipped properties under {@code prefix}. */
    public static Map<String, String> shipped(Path properties, String prefix) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            p.load(r);
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(prefix)) {
                out.put(k, p.getProperty(k));
            }
        }
        return out;
    }

    /**
     * The defaults a properties record declares on its canonical constructor's parameters, keyed
     * {@code prefix + kebab-case(component)}; {@code defaultValue} is Spring's {@code @DefaultValue}.
     */
    public static Map<String, String> declared(Class<?> record, String prefix, Class<? extends Annotation> defaultValue)
            throws ReflectiveOperationException {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        Parameter[] params = record.getDeclaredConstructor(types).getParameters();
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < components.length; i++) {
            Annotation a = params[i].getAnnotation(defaultValue);
            if (a != null) {
                String[] v = (String[]) defaultValue.getMethod("value").invoke(a);
                out.put(prefix + kebab(components[i].getName()), String.join(",", v));
            }
        }
        return out;
    }

    /**
     * Every default of {@code prefix} that the shipped properties or the record state differently
     * from the document, one line each; empty when all agree.
     */
    public static java.util.List<String> differences(
            Path markdown, Path properties, Class<?> record, String prefix, Class<? extends Annotation> defaultValue)
            throws IOException, ReflectiveOperationException {
        Map<String, String> docs = documented(markdown, prefix);
        if (docs.isEmpty()) {
            throw new IllegalStateException(markdown + " has no table row of a " + prefix + " setting");
        }
        java.util.List<String> differ = new java.util.ArrayList<>();
        Map<String, Map<String, String>> stated = new java.util.LinkedHashMap<>();
        stated.put("shipped in " + properties.getFileName(), shipped(properties, prefix));
        stated.put("declared by " + record.getSimpleName(), declared(record, prefix, defaultValue));
        stated.forEach((where, values) -> values.forEach((key, value) -> {
            String doc = docs.get(key);
            if (doc != null && !same(doc, value)) {
                differ.add(key + ": " + value + " " + where + ", but " + markdown.getFileName() + " says " + doc);
            }
        }));
        return differ;
    }

    /** Whether two statements of a default say the same (backticks, spaces and case aside). */
    public static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String v) {
        return v.replace("`", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
