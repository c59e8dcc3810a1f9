package dev.modelkit.kitfile;

import dev.modelkit.GoJsonStrings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON byte for byte as Go's encoding/json.Marshal does: compact, HTML-safe string escaping, map keys sorted
 * bytewise, float64 in Go's shortest format. The config digest depends on every byte, so nothing here is "close
 * enough".
 */
final class GoJsonWriter {

    /** Go compares map keys as UTF-8 bytes; comparing code points gives the same order (Java's UTF-16 does not). */
    static final Comparator<String> UTF8_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final StringBuilder out = new StringBuilder();

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    String text() {
        return out.toString();
    }

    GoJsonWriter raw(String s) {
        out.append(s);
        return this;
    }

    /** A JSON string with Go's escaping ({@link GoJsonStrings}). */
    GoJsonWriter string(String s) {
        GoJsonStrings.append(out, s);
        return this;
    }

    /** A value of a {@link Parameters} tree, as Go marshals the matching {@code any}. */
    @SuppressWarnings("unchecked")
    GoJsonWriter value(Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Double d) {
            out.append(formatFloat(d));
        } else if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>((java.util.Set<String>) m.keySet());
            keys.sort(UTF8_ORDER);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(keys.get(i)).raw(":").value(m.get(keys.get(i)));
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(l.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
        return this;
    }

    /**
     * Go's float64 JSON format: strconv 'f' with the shortest digits that read back to the same double, or 'e' when
     * |x| &lt; 1e-6 or |x| &gt;= 1e21, with a two-digit negative exponent shortened ("e-07" becomes "e-7").
     */
    static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("json: unsupported value: " + d
                    + " (Go's encoding/json cannot write NaN or infinities)");
        }
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        double abs = Math.abs(d);
        String sign = negative ? "-" : "";
        if (abs == 0) {
            return sign + "0";
        }
        BigDecimal shortest = shortest(abs);
        String digits = shortest.unscaledValue().toString();
        int pointPos = digits.length() - shortest.scale(); // digits before the decimal point
        if (abs < 1e-6 || abs >= 1e21) {
            int exp = pointPos - 1;
            StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            // strconv pads the exponent to two digits and encoding/json drops the 0 of "e-0N" again; positive
            // exponents here are always >= 21, so no padding is ever left.
            return sb.append(Math.abs(exp)).toString();
        }
        if (pointPos <= 0) {
            return sign + "0." + "0".repeat(-pointPos) + digits;
        }
        if (pointPos >= digits.length()) {
            return sign + digits + "0".repeat(pointPos - digits.length());
        }
        return sign + digits.substring(0, pointPos) + "." + digits.substring(pointPos);
    }

    /**
     * The shortest decimal that reads back as {@code abs}, closest to it when several have that length (what Go's
     * strconv does). Java 17's Double.toString is not always shortest, hence the search.
     */
    static BigDecimal shortest(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(nearest.toString()) == abs) {
                return nearest.stripTrailingZeros();
            }
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (Double.parseDouble(candidate.toString()) == abs) {
                    return candidate.stripTrailingZeros();
                }
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
