package dev.modelkit.unpack;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;

/**
 * One layer to unpack.
 *
 * @param index          position in the manifest
 * @param label          how messages name it, e.g. "layer 1 (model.parts[0] weights/config.json)"
 * @param baseDir        the folder (relative to the output, '/'-separated, "." for the output itself) tar entry names
 *                       are relative to: "." except for legacy ModelKits, whose tars are relative to the element's
 *                       parent folder
 * @param kitfileDiffId  the diffId the Kitfile records for it, or null
 * @param configDiffId   the diffId a ModelPack config records for it, or null
 */
public record PlannedLayer(int index, Descriptor descriptor, LayerType type, String label, String baseDir,
                           Digest kitfileDiffId, Digest configDiffId) {
}
