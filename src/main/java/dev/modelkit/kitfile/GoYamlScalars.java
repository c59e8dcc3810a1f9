package dev.modelkit.kitfile;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves a plain YAML scalar to the value go-yaml v3 gives it when kit decodes into a Go {@code any}. This is YAML
 * 1.2 core-schema typing with go-yaml's extras (Go integer syntax via strconv.ParseInt base 0, underscores ignored,
 * 1.1-style 0777 octals), NOT the YAML 1.1 typing of SnakeYAML/Jackson: yes/no/on/off stay strings.
 */
final class GoYamlScalars {

    /** Stands for a resolved YAML null, since null means "not a special value" in lookups below. */
    private static final Object NULL = new Object();

    private static final Map<String, Object> SPECIAL = Map.ofEntries(
            Map.entry("", NULL), Map.entry("~", NULL), Map.entry("null", NULL), Map.entry("Null", NULL),
            Map.entry("NULL", NULL),
            Map.entry("true", Boolean.TRUE), Map.entry("True", Boolean.TRUE), Map.entry("TRUE", Boolean.TRUE),
            Map.entry("false", Boolean.FALSE), Map.entry("False", Boolean.FALSE), Map.entry("FALSE", Boolean.FALSE),
            Map.entry(".nan", Double.NaN), Map.entry(".NaN", Double.NaN), Map.entry(".NAN", Double.NaN),
            Map.entry(".inf", Double.POSITIVE_INFINITY), Map.entry(".Inf", Double.POSITIVE_INFINITY),
            Map.entry(".INF", Double.POSITIVE_INFINITY), Map.entry("+.inf", Double.POSITIVE_INFINITY),
            Map.entry("+.Inf", Double.POSITIVE_INFINITY), Map.entry("+.INF", Double.POSITIVE_INFINITY),
            Map.entry("-.inf", Double.NEGATIVE_INFINITY), Map.entry("-.Inf", Double.NEGATIVE_INFINITY),
            Map.entry("-.INF", Double.NEGATIVE_INFINITY));

    /** go-yaml only tries strconv.ParseFloat on text of this shape (after dropping underscores). */
    private static final Pattern YAML_FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** What strconv.ParseFloat accepts for text starting with '.'. */
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoYamlScalars() {
    }

    /** The value of a plain (unquoted, untagged) scalar: null, Boolean, Long, BigInteger, Double or the String. */
    static Object resolvePlain(String in) {
        Object special = SPECIAL.get(in);
        if (special != null) {
            return special == NULL ? null : special;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return DOT_FLOAT.matcher(in).matches() ? finiteOrText(in, in) : in;
        }
        if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
            String plain = in.replace("_", "");
            Optional<BigInteger> integer = parseGoInteger(plain);
            if (integer.isPresent()) {
                BigInteger v = integer.get();
                if (v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0) {
                    return v.longValue();
                }
                // Above int64, go-yaml tries ParseUint, which takes no sign.
                if (v.signum() > 0 && v.compareTo(UINT64_MAX) <= 0 && first != '+') {
                    return v;
                }
            }
            if (YAML_FLOAT.matcher(plain).matches()) {
                return finiteOrText(plain, in);
            }
        }
        return in;
    }

    /** strconv.ParseFloat fails (ErrRange) instead of giving an infinity; go-yaml then keeps the text. */
    private static Object finiteOrText(String number, String original) {
        double d = Double.parseDouble(number);
        return Double.isInfinite(d) ? original : (Object) d;
    }

    /**
     * Go's strconv.ParseInt(s, 0, ...) syntax without the range check: optional sign, then 0x/0o/0b prefixes or a
     * leading 0 for octal.
     */
    static Optional<BigInteger> parseGoInteger(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() >= 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
                body = body.substring(2);
            } else if (p == 'o') {
                radix = 8;
                body = body.substring(2);
            } else if (p == 'b') {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 8;
            }
        }
        if (body.isEmpty()) {
            return Optional.empty();
        }
        for (int k = 0; k < body.length(); k++) {
            if (Character.digit(body.charAt(k), radix) < 0 || body.charAt(k) > 'z') {
                return Optional.empty();
            }
        }
        BigInteger v = new BigInteger(body, radix);
        return Optional.of(negative ? v.negate() : v);
    }
}
