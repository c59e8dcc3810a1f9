package dev.modelkit.kitfile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Emits a value tree as go-yaml v3 does with {@code SetIndent(2)}: block mappings and sequences (sequences indented
 * under their key), flow sequences for {@link Flow}, and each string in the style go-yaml's emitter picks (plain,
 * single-quoted, double-quoted or literal), so a Kitfile written here is the Kitfile {@code kit} would write. Lines
 * are not folded (go-yaml v3 writes long strings on one line).
 *
 * <p>Tree: {@code Map<String, ?>} (emitted in iteration order), {@code List<?>}, {@link Flow}, String, Boolean,
 * Long, BigInteger, Double, null.
 */
final class GoYamlEmitter {

    /** A sequence written in flow style ({@code [a, b]}), as kit's {@code yaml:",flow"} authors. */
    record Flow(List<String> items) {
    }

    private static final int INDENT = 2;
    private final StringBuilder out = new StringBuilder();

    static String emit(Map<String, ?> root) {
        GoYamlEmitter e = new GoYamlEmitter();
        if (root.isEmpty()) {
            return "{}\n";
        }
        e.mapping(root, 0, false);
        return e.out.toString();
    }

    /** Writes the entries at {@code indent}; the first one continues the current line when {@code inline}. */
    private void mapping(Map<String, ?> map, int indent, boolean inline) {
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!(first && inline)) {
                out.append(" ".repeat(indent));
            }
            first = false;
            out.append(GoYamlStrings.scalar(e.getKey(), GoYamlStrings.Context.KEY, indent)).append(':');
            value(e.getValue(), indent);
        }
    }

    /** The value after {@code key:}; {@code indent} is the key's. */
    private void value(Object v, int indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            mapping(cast(m), indent + INDENT, false);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            sequence(l, indent + INDENT);
        } else {
            out.append(' ').append(inline(v, indent)).append('\n');
        }
    }

    private void sequence(List<?> list, int indent) {
        for (Object item : list) {
            out.append(" ".repeat(indent));
            sequenceItem(item, indent);
        }
    }

    /** One {@code - item}; the dash is already indented. Nested collections start on the dash's line. */
    private void sequenceItem(Object item, int indent) {
        out.append("- ");
        if (item instanceof Map<?, ?> m && !m.isEmpty()) {
            mapping(cast(m), indent + INDENT, true);
        } else if (item instanceof List<?> l && !l.isEmpty()) {
            boolean first = true;
            for (Object inner : l) {
                if (!first) {
                    out.append(" ".repeat(indent + INDENT));
                }
                first = false;
                sequenceItem(inner, indent + INDENT);
            }
        } else {
            out.append(inline(item, indent)).append('\n');
        }
    }

    /** A value that fits after {@code key: } or {@code - }: a scalar, an empty collection or a flow sequence. */
    private static String inline(Object v, int indent) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "{}";
        }
        if (v instanceof List<?>) {
            return "[]";
        }
        if (v instanceof Flow f) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < f.items().size(); i++) {
                sb.append(i > 0 ? ", " : "")
                        .append(GoYamlStrings.scalar(f.items().get(i), GoYamlStrings.Context.FLOW, indent));
            }
            return sb.append(']').toString();
        }
        if (v instanceof String s) {
            return GoYamlStrings.scalar(s, GoYamlStrings.Context.BLOCK, indent);
        }
        if (v instanceof Boolean || v instanceof Long || v instanceof BigInteger || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as YAML");
    }

    /** go-yaml: strconv.FormatFloat(f, 'g', -1, 64), then {@code .inf}, {@code -.inf}, {@code .nan}. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
        double abs = Math.abs(d);
        if (abs == 0) {
            return sign + "0";
        }
        BigDecimal shortest = GoJsonWriter.shortest(abs);
        String digits = shortest.unscaledValue().toString();
        int exp = digits.length() - shortest.scale() - 1;
        // Go's 'g' with shortest digits: exponent form when the exponent is below -4 or at least 6.
        int eprec = 6;
        if (exp < -4 || exp >= eprec) {
            StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            return sb.append(e.length() < 2 ? "0" + e : e).toString();
        }
        int pointPos = exp + 1;
        if (pointPos <= 0) {
            return sign + "0." + "0".repeat(-pointPos) + digits;
        }
        if (pointPos >= digits.length()) {
            return sign + digits + "0".repeat(pointPos - digits.length());
        }
        return sign + digits.substring(0, pointPos) + "." + digits.substring(pointPos);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}
