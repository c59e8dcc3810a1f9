package dev.modelkit.unpack;

import java.nio.file.Path;
import java.util.List;

/**
 * A layer extracted into the staging folder and verified, waiting to be moved into place.
 *
 * @param entries  in tar order
 * @param warnings what to warn about when the layer is moved into place (diffIds that disagree)
 */
record StagedLayer(PlannedLayer layer, List<Entry> entries, List<String> warnings) {

    StagedLayer {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /**
     * One file or folder.
     *
     * @param path   checked components of the path below the output folder
     * @param name   the entry name as the artifact wrote it, for messages
     * @param staged where the verified bytes wait (null for a folder)
     * @param mode   permission bits to set
     */
    record Entry(List<String> path, String name, Path staged, int mode) {
        boolean directory() {
            return staged == null;
        }

        String relative() {
            return String.join("/", path);
        }
    }
}
