package dev.modelkit.pack;

import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.layer.KitTarWriter;
import dev.modelkit.layer.LayerEntry;

import java.util.List;
import java.util.Map;

/**
 * One layer decided but not yet written: what goes in (the tar entries, or the raw file) and its annotations.
 * Layers are planned one after another on the calling thread, each handed to a writer as soon as it is planned
 * (all first when a teed archive needs every length), so a missing path still fails in a second, not after
 * gigabytes.
 */
record LayerPlan(LayerElement element, String mediaType, Map<String, String> annotations, List<LayerEntry> entries,
                 RawLayer.Source raw) {

    /** The uncompressed layer's exact length: a tar of these entries, or the raw file's size. */
    long totalBytes() {
        if (raw != null) {
            return raw.size();
        }
        return KitTarWriter.tarLength(entries);
    }

    String label() {
        return element.label() + " (" + element.path() + ")";
    }

    String contents() {
        return raw != null ? "1 file" : entries.size() + " entries";
    }
}
