package io.kubemon.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every header each table has had ({@code schema-history.tsv}): what runs recorded by earlier
 * kubemon versions hold, so that tests can make such runs and open them in every command.
 */
public final class SchemaHistory {
    private SchemaHistory() {}

    /** One table's header at one version, and the commit that first wrote it. */
    public record Version(String table, int version, String since, List<String> header) {}

    public static List<Version> all() {
        List<Version> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SchemaHistory.class.getResourceAsStream("schema-history.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.add(new Version(f[0], Integer.parseInt(f[1]), f[2], Arrays.asList(f[3].split(",", -1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
