package dev.modelkit.pack;

import dev.modelkit.layer.KitTarWriter;
import dev.modelkit.layer.LayerEntry;

import java.util.List;

/** A tar layer's content: kit's tar of the planned entries, each file read once. */
final class TarLayer {

    private TarLayer() {
    }

    static LayerBlobWriter.Content of(List<LayerEntry> entries) {
        return out -> {
            KitTarWriter tar = new KitTarWriter(out);
            for (LayerEntry e : entries) {
                tar.write(e);
            }
            tar.finish();
            out.flush();
        };
    }
}
