package io.kubemon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An exported Parquet file read back by two readers that share no code: DuckDB (which wrote it)
 * and hyparquet, a pure-JavaScript reader run by Node.js. Both give rows as typed values (Long,
 * Double, String, Instant, null), so a test compares them with the CSV cell by cell.
 */
public final class ParquetCheck {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ParquetCheck() {}

    /** A file's rows, its columns' physical and logical types, and its key-value metadata. */
    public record Read(
            List<String> columns,
            Map<String, String> types,
            Map<String, String> metadata,
            List<Map<String, Object>> rows) {}

    /** The rows as DuckDB reads them; {@code types} are DuckDB's names (BIGINT, DOUBLE, VARCHAR, TIMESTAMP…). */
    public static Read duckdb(Path parquet) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            String file = "'" + parquet.toString().replace("'", "''") + "'";
            Map<String, String> metadata = new LinkedHashMap<>();
            try (ResultSet r =
                    s.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata(" + file + ")")) {
                while (r.next()) {
                    metadata.put(r.getString(1), r.getString(2));
                }
            }
            Map<String, String> types = new LinkedHashMap<>();
            List<String> columns = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT * FROM read_parquet(" + file + ")")) {
                ResultSetMetaData md = r.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                    types.put(md.getColumnLabel(i), md.getColumnTypeName(i));
                }
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        Object v = r.getObject(i);
                        if (v instanceof java.sql.Timestamp) {
                            v = r.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                        } else if (v instanceof java.time.OffsetDateTime t) {
                            v = t.toInstant();
                        } else if (v instanceof Integer n) {
                            v = n.longValue();
                        }
                        row.put(columns.get(i - 1), v);
                    }
                    rows.add(row);
                }
            }
            return new Read(columns, types, metadata, rows);
        }
    }

    /**
     * The rows as hyparquet reads them; {@code types} are the Parquet schema's physical type and
     * logical type (e.g. {@code INT64 TIMESTAMP(MILLIS, utc)}, {@code BYTE_ARRAY STRING}).
     */
    public static Read hyparquet(Path parquet) throws IOException, InterruptedException {
        Path dir = installHyparquet();
        Path json = Files.createTempFile("kubemon-hyparquet-", ".json");
        JsonNode out;
        try {
            Shell.Result r = Shell.exec(
                    dir,
                    null,
                    Duration.ofMinutes(2),
                    List.of("node", "read.mjs", parquet.toAbsolutePath().toString(), json.toString()));
            if (r.exit() != 0) {
                throw new AssertionError("hyparquet could not read " + parquet + ": " + r.output());
            }
            out = JSON.readTree(json.toFile());
        } finally {
            Files.deleteIfExists(json);
        }
        List<String> columns = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode e : out.get("schema")) {
            String name = e.get("name").asString();
            columns.add(name);
            types.put(name, e.get("type").asString() + " " + logical(e.get("logicalType"), e.get("convertedType")));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        out.get("metadata")
                .properties()
                .forEach(kv -> metadata.put(kv.getKey(), kv.getValue().asString()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : out.get("rows")) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : columns) {
                JsonNode v = row.get(c);
                String type = types.get(c);
                Object value;
                if (v == null || v.isNull()) {
                    value = null;
                } else if (v.isObject() && v.has("epochMs")) {
                    value = Instant.ofEpochMilli(v.get("epochMs").asLong());
                } else if (type.startsWith("INT")) {
                    value = Long.parseLong(v.asString());
                } else if (type.startsWith("DOUBLE") || type.startsWith("FLOAT")) {
                    value = v.asDouble();
                } else {
                    value = v.asString();
                }
                m.put(c, value);
            }
            rows.add(m);
        }
        return new Read(columns, types, metadata, rows);
    }

    private static String logical(JsonNode logical, JsonNode converted) {
        if (logical != null && !logical.isNull()) {
            String kind = logical.get("type").asString();
            if (kind.equals("TIMESTAMP")) {
                return "TIMESTAMP(" + logical.get("unit").asString() + ", "
                        + (logical.get("isAdjustedToUTC").asBoolean() ? "utc" : "local") + ")";
            }
            return kind;
        }
        return converted == null || converted.isNull() ? "" : converted.asString();
    }

    /**
     * hyparquet and hyparquet-compressors from the npm registry, installed once per machine in the
     * temporary directory from the package-lock.json kept here (npm ci: the versions recorded).
     */
    static synchronized Path installHyparquet() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "kubemon-hyparquet");
        Files.createDirectories(dir);
        for (String name : List.of("package.json", "package-lock.json", "read.mjs")) {
            try (InputStream in = ParquetCheck.class.getResourceAsStream("hyparquet/" + name)) {
                if (in == null) {
                    throw new IOException("test-support resource hyparquet/" + name + " is missing");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules/hyparquet-compressors"))) {
            Shell.Result r =
                    Shell.exec(dir, null, Duration.ofMinutes(5), List.of("npm", "ci", "--no-audit", "--no-fund"));
            if (r.exit() != 0) {
                throw new IOException(
                        "npm ci for hyparquet failed (Node.js and npm are installed by .ci/run): " + r.output());
            }
        }
        return dir;
    }

    /**
     * A CSV cell as the value a typed reader must give for it: null for an empty cell, else the
     * cell parsed as the column's declared type (timestamp, text, integer, real).
     */
    public static Object typed(String cell, String declaredType) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        return switch (declaredType) {
            case "timestamp" -> Instant.parse(cell);
            case "integer" -> Long.parseLong(cell);
            case "real" -> Double.parseDouble(cell);
            default -> cell;
        };
    }

    /** The declared type of every column (timestamp, text, integer, real), from the file's kubemon.columns metadata. */
    public static Map<String, String> declaredTypes(Read read) {
        String json = read.metadata().get("kubemon.columns");
        if (json == null) {
            throw new AssertionError("no kubemon.columns in the file's metadata: "
                    + read.metadata().keySet());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode c : JSON.readTree(json)) {
            out.put(c.get("name").asString(), c.get("type").asString());
        }
        return out;
    }

    /** The Parquet type hyparquet reports for a declared type. */
    public static String parquetType(String declared) {
        return switch (declared) {
            case "timestamp" -> "INT64 TIMESTAMP(MILLIS, utc)";
            case "integer" -> "INT64 INT_64";
            case "real" -> "DOUBLE ";
            default -> "BYTE_ARRAY UTF8";
        };
    }

    /**
     * Asserts the file holds exactly the CSV files' rows, cell by cell: each cell typed as its
     * column is declared, an empty cell (or a column the file lacks) a null, in any row order.
     *
     * @return the number of rows compared
     */
    public static int assertSameAsCsv(Read read, List<Path> csvFiles) throws IOException {
        Map<String, String> declared = declaredTypes(read);
        List<String> expected = new ArrayList<>();
        for (Path f : csvFiles) {
            for (Map<String, String> row : CsvRows.byColumn(f)) {
                Map<String, Object> typed = new LinkedHashMap<>();
                for (String c : read.columns()) {
                    typed.put(c, typed(row.get(c), declared.get(c)));
                }
                expected.add(canonical(typed));
            }
        }
        List<String> actual = new ArrayList<>();
        read.rows().forEach(r -> actual.add(canonical(r)));
        java.util.Collections.sort(expected);
        java.util.Collections.sort(actual);
        if (!expected.equals(actual)) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    throw new AssertionError(csvFiles + ": " + expected.size() + " CSV rows, " + actual.size()
                            + " Parquet rows; first difference:\n  csv:     " + expected.get(i) + "\n  parquet: "
                            + actual.get(i));
                }
            }
            throw new AssertionError(
                    csvFiles + ": " + expected.size() + " CSV rows but " + actual.size() + " Parquet rows");
        }
        return expected.size();
    }

    /** A row as text that tells types apart (12 the integer from 12.0 the real and "12" the text). */
    private static String canonical(Map<String, Object> row) {
        StringBuilder b = new StringBuilder();
        row.forEach((k, v) -> b.append(k)
                .append('=')
                .append(v == null ? "null" : v.getClass().getSimpleName() + ":" + v)
                .append('|'));
        return b.toString();
    }
}
