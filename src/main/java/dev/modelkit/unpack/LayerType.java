package dev.modelkit.unpack;

import dev.modelkit.layer.Compression;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a layer media type says: which Kitfile section the layer belongs to, tar or raw, and its compression. Knows
 * kit's {@code application/vnd.kitops.modelkit.<type>.v1.<fmt>[+comp]} and the model-spec's
 * {@code application/vnd.cncf.model.<kind>.v1.<fmt>} with the older {@code vnd.cnai} spelling.
 *
 * @param role   the Kitfile section
 * @param weight a ModelPack {@code weight} layer (the first is the model, later ones are parts)
 */
public record LayerType(Role role, boolean weight, boolean modelPack, boolean raw, Compression compression,
                        boolean mcp) {

    /** The Kitfile section a layer belongs to. */
    public enum Role { MODEL, MODEL_PART, CODE, DATASET, DOCS, OTHER }

    private static final Pattern MODELKIT =
            Pattern.compile("^application/vnd\\.kitops\\.modelkit\\.(\\w+)\\.v1\\.(\\w+)(?:\\+(\\w+))?$");
    private static final Pattern MODELPACK = Pattern.compile(
            "^application/vnd\\.(?:cncf|cnai)\\.model\\.(weight|weight\\.config|doc|code|dataset)\\.v1\\.(raw|tar)"
                    + "(?:\\+(gzip|zstd))?$");

    /** The parsed type, or empty when the media type is not a ModelKit or ModelPack layer type at all. */
    public static Optional<LayerType> parse(String mediaType) throws UnpackException {
        Matcher m = MODELKIT.matcher(mediaType);
        if (m.matches()) {
            Role role = switch (m.group(1)) {
                case "model" -> Role.MODEL;
                case "modelpart" -> Role.MODEL_PART;
                case "code" -> Role.CODE;
                case "dataset" -> Role.DATASET;
                case "docs" -> Role.DOCS;
                case "mcpb" -> Role.OTHER;
                default -> null;
            };
            if (role == null) {
                return Optional.empty();
            }
            boolean raw = switch (m.group(2)) {
                case "tar" -> false;
                case "raw" -> true;
                default -> throw new UnpackException("unknown layer format '" + m.group(2) + "' in " + mediaType);
            };
            return Optional.of(new LayerType(role, false, false, raw, compression(m.group(3), mediaType),
                    role == Role.OTHER));
        }
        m = MODELPACK.matcher(mediaType);
        if (m.matches()) {
            Role role = switch (m.group(1)) {
                case "weight" -> Role.MODEL;
                case "weight.config" -> Role.MODEL_PART;
                case "code" -> Role.CODE;
                case "dataset" -> Role.DATASET;
                default -> Role.DOCS;
            };
            boolean raw = m.group(2).equals("raw");
            if (raw && m.group(3) != null) {
                throw new UnpackException("model-spec does not support compression for raw layers: " + mediaType);
            }
            return Optional.of(new LayerType(role, m.group(1).equals("weight"), true, raw,
                    compression(m.group(3), mediaType), false));
        }
        return Optional.empty();
    }

    private static Compression compression(String suffix, String mediaType) throws UnpackException {
        if (suffix == null) {
            return Compression.NONE;
        }
        return switch (suffix) {
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            default -> throw new UnpackException("unknown layer compression '" + suffix + "' in " + mediaType);
        };
    }
}
