package io.kubemon.agent.procfs;

/** Pure parser of a pressure stall file (Documentation/accounting/psi.rst). */
public final class PressureParser {
    private PressureParser() {}

    public static Psi parse(String text, Malformed bad) {
        Psi.Line some = null;
        Psi.Line full = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("some ")) {
                some = line(line, bad);
            } else if (line.startsWith("full ")) {
                full = line(line, bad);
            }
        }
        return new Psi(some, full);
    }

    private static Psi.Line line(String line, Malformed bad) {
        double avg10 = Double.NaN;
        double avg60 = Double.NaN;
        double avg300 = Double.NaN;
        long total = -1;
        for (String kv : Fields.split(line)) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String v = kv.substring(eq + 1);
            switch (kv.substring(0, eq)) {
                case "avg10" -> avg10 = Fields.decimal(v, bad);
                case "avg60" -> avg60 = Fields.decimal(v, bad);
                case "avg300" -> avg300 = Fields.decimal(v, bad);
                case "total" -> total = Fields.number(v, bad);
                default -> {
                    // Fields a future kernel adds are ignored rather than failing the row.
                }
            }
        }
        return new Psi.Line(avg10, avg60, avg300, total);
    }
}
