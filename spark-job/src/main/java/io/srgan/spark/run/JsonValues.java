package io.srgan.spark.run;

import com.fasterxml.jackson.databind.JsonNode;

/** How the metrics log's readers take values from a parsed line, forgiving what a crashed or older writer left. */
final class JsonValues {
    private JsonValues() {}

    /** A number, or one of the non-finite values written as a string ("NaN", "Infinity"); else null. */
    static Double number(JsonNode v) {
        if (v == null) return null;
        if (v.isNumber()) return v.doubleValue();
        if (v.isTextual()) {
            switch (v.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: return null;
            }
        }
        return null;
    }

    /** Field {@code field} of {@code node} as a whole non-negative number; IllegalArgumentException if it is not one. */
    static long wholeNumber(JsonNode node, String field) {
        Double v = number(node.get(field));
        if (v == null || v != Math.rint(v) || v < 0) {
            throw new IllegalArgumentException("no whole non-negative number '" + field + "'");
        }
        return v.longValue();
    }

    /** A string value, or null when absent or not a string. */
    static String text(JsonNode v) {
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
