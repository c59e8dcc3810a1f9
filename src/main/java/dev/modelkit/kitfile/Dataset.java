package dev.modelkit.kitfile;

/**
 * One entry of {@code datasets}. With a {@code remotePath} (an s3:// URL or a ModelKit reference) the data is not
 * packed: {@code path} is only where it would be placed on unpack.
 */
public record Dataset(String name, String path, String remotePath, String remoteHash, String description,
        String license, Parameters parameters, LayerInfo layerInfo) {

    /** True when the data lives elsewhere and the dataset gets no layer. */
    public boolean isRemote() {
        return !Strings.isEmpty(remotePath);
    }

    Dataset withLayerInfo(LayerInfo info) {
        return new Dataset(name, path, remotePath, remoteHash, description, license, parameters, info);
    }
}
