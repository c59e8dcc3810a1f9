package dev.modelkit.kitfile;

/**
 * The free-form {@code parameters} of a model or dataset, as the value tree go-yaml v3 builds when kit decodes it
 * into a Go {@code any}: {@code Map<String, Object>} (insertion order; JSON output sorts the keys),
 * {@code List<Object>}, {@code String}, {@code Boolean}, {@code Long} (int64), {@code BigInteger} (only for uint64
 * values above {@code Long.MAX_VALUE}), {@code Double}, and {@code null} inside maps and lists.
 * <p>
 * A {@code Parameters} object always exists for a present value; a YAML null ({@code parameters: ~}) is no
 * {@code Parameters} at all, because kit omits a nil value from the config JSON. Collections are unmodifiable.
 *
 * @param value the root of the tree (never null)
 */
public record Parameters(Object value) {

    public Parameters {
        if (value == null) {
            throw new IllegalArgumentException("parameters value must not be null; use no Parameters instead");
        }
    }
}
