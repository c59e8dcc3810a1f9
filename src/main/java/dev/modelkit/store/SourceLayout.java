package dev.modelkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A ModelKit in an OCI image layout ({@code target/modelkit}): its one manifest and the blobs it names.
 *
 * @param root     the layout folder
 * @param manifest the manifest's descriptor as the store records it (media type, digest, size only, as kit does)
 * @param config   the config descriptor
 * @param layers   the layer descriptors in manifest order
 */
record SourceLayout(Path root, Descriptor manifest, Descriptor config, List<Descriptor> layers) {

    /** Manifests are small; a bigger "manifest" is not one, and reading it whole would be a memory risk. */
    private static final long MAX_MANIFEST = 4L * 1024 * 1024;

    static SourceLayout read(Path root) throws StoreException, IOException {
        Path indexFile = root.resolve("index.json");
        if (!Files.isRegularFile(indexFile)) {
            throw new StoreException("no OCI layout at " + root + " (index.json missing): run the pack goal first");
        }
        List<Descriptor> entries = StoreJson.readIndex(Files.readAllBytes(indexFile), indexFile.toString());
        Set<Digest> digests = new LinkedHashSet<>();
        entries.forEach(d -> digests.add(d.digest()));
        if (digests.size() != 1) {
            throw new StoreException(indexFile + " must list exactly one manifest (with any number of tags), found "
                    + digests.size());
        }
        Descriptor entry = entries.get(0);
        Descriptor manifest = new Descriptor(entry.mediaType().isEmpty() ? MediaTypes.OCI_MANIFEST : entry.mediaType(),
                entry.digest(), entry.size());
        byte[] bytes = readManifest(root, manifest);
        JsonNode json = StoreJson.parse(bytes, "manifest " + manifest.digest());
        String source = "manifest " + manifest.digest() + " in " + root;
        if (!json.has("config")) {
            throw new StoreException(source + " has no config");
        }
        Descriptor config = StoreJson.descriptor(json.get("config"), source);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : json.path("layers")) {
            layers.add(StoreJson.descriptor(layer, source));
        }
        return new SourceLayout(root, manifest, config, List.copyOf(layers));
    }

    private static byte[] readManifest(Path root, Descriptor manifest) throws StoreException, IOException {
        Path file = blobPath(root, manifest.digest());
        try {
            if (manifest.size() > MAX_MANIFEST || Files.size(file) != manifest.size()) {
                throw new StoreException("manifest blob " + file + " has size " + Files.size(file) + ", index.json says "
                        + manifest.size());
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!Digest.of(bytes).equals(manifest.digest())) {
                throw new StoreException("manifest blob " + file + " does not match its digest " + manifest.digest());
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new StoreException("manifest blob " + file + " is missing", e);
        }
    }

    /** Every blob to copy, each once: layers first, then config, manifest last (nothing ever names a missing blob). */
    List<Descriptor> blobs() {
        List<Descriptor> out = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        List<Descriptor> all = new ArrayList<>(layers);
        all.add(config);
        all.add(manifest);
        for (Descriptor d : all) {
            if (seen.add(d.digest())) {
                out.add(d);
            }
        }
        return out;
    }

    Path blobPath(Digest digest) {
        return blobPath(root, digest);
    }

    static Path blobPath(Path root, Digest digest) {
        return root.resolve("blobs").resolve("sha256").resolve(digest.hex());
    }
}
