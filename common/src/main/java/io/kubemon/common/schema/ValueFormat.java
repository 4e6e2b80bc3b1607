package io.kubemon.common.schema;

/**
 * Renders a cell the same way on every path (collector files, golden test files). Missing values
 * and numbers that are not finite become an empty cell: missing data is normal, not an error.
 */
public final class ValueFormat {
    private ValueFormat() {}

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        if (value instanceof java.math.BigDecimal bd) {
            return bd.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return number(n.doubleValue());
        }
        return value.toString();
    }

    /**
     * A JSON decimal literal as {@link #cell} renders its BigDecimal (plain, no trailing zeros),
     * without making the BigDecimal when the literal is already in that form, as an agent's
     * numbers are: the collector reads millions of them a second.
     */
    public static String decimal(String literal) {
        int last = literal.length() - 1;
        char end = literal.charAt(last);
        if (end != '0'
                && end != '.'
                && literal.indexOf('.') > 0
                && literal.indexOf('e') < 0
                && literal.indexOf('E') < 0) {
            return literal;
        }
        return cell(new java.math.BigDecimal(literal));
    }

    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "";
        }
        // Integral values print without ".0"; Double.toString would switch to exponent
        // notation at 1e7, which spreadsheet tools and pandas read but humans misread.
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.indexOf('E') >= 0) {
            return new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return s;
    }
}
