package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.KitfileException;
import dev.modelkit.kitfile.KitfileJson;
import dev.modelkit.kitfile.KitfileReader;
import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.kitfile.LayerInfo;
import dev.modelkit.layer.KitIgnore;
import dev.modelkit.layer.LayerEntry;
import dev.modelkit.layer.LayerFileSelector;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.Manifest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciArchiveWriter;
import dev.modelkit.oci.OciJson;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a Kitfile and its context folder into a ModelKit: layers, config, manifest, OCI layout, archive and the
 * small summary files. The layout is built in a staging folder beside its final place and swapped in only when
 * complete; the digest and summary files are written last, so a failed build leaves nothing that looks finished.
 */
public final class Packer {

    static final String FILEPATH_ANNOTATION = "org.cncf.model.filepath";
    static final String SUBTYPE_ANNOTATION = "ml.kitops.modelkit.layer-subtype";
    static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

    private final BuildLog log;

    public Packer(BuildLog log) {
        this.log = log;
    }

    public PackResult pack(PackRequest request) throws PackException, IOException {
        deleteIfPresent(request.digestFile());
        deleteIfPresent(request.metadataFile());
        Kitfile kitfile = readKitfile(request);
        List<LayerElement> elements = kitfile.layerElements();
        checkSupported(request, kitfile);

        Path layout = request.layoutDirectory().toAbsolutePath();
        Files.createDirectories(layout.getParent());
        Path staging = Files.createTempDirectory(layout.getParent(), "." + layout.getFileName() + "-");
        try {
            OciLayoutWriter writer = OciLayoutWriter.create(staging);
            List<PackedLayer> layers = writeLayers(request, elements, writer);

            List<LayerInfo> infos = layers.stream()
                    .map(l -> new LayerInfo(l.descriptor().digest().toString(), l.diffId().toString()))
                    .toList();
            Kitfile packed = kitfile.withLayerInfo(infos);
            byte[] configJson = KitfileJson.toJson(packed);
            OciLayoutWriter.Written config = writer.writeBlob(configJson);

            Manifest manifest = new Manifest(MediaTypes.MODELKIT_ARTIFACT,
                    new Descriptor(MediaTypes.MODELKIT_CONFIG, config.digest(), config.size()),
                    layers.stream().map(PackedLayer::descriptor).toList(),
                    manifestAnnotations(request));
            OciLayoutWriter.Written manifestBlob = writer.writeBlob(OciJson.manifest(manifest));
            Descriptor manifestDescriptor = new Descriptor(MediaTypes.OCI_MANIFEST, manifestBlob.digest(),
                    manifestBlob.size(), Map.of(), manifest.artifactType());
            List<Descriptor> tagged = request.tags().stream()
                    .map(tag -> manifestDescriptor.withAnnotations(Map.of("org.opencontainers.image.ref.name", tag)))
                    .toList();
            writer.writeIndex(tagged);

            swapIn(staging, layout);
            if (request.archiveFile() != null) {
                long mtime = request.outputTimestamp().map(i -> i.getEpochSecond()).orElse(0L);
                OciArchiveWriter.write(layout, request.archiveFile(), mtime);
            }
            String reference = request.repository() + ":" + request.tags().get(0);
            PackResult result = new PackResult(reference, manifestDescriptor, manifest, layers, layout,
                    request.archiveFile());
            if (request.metadataFile() != null) {
                OciLayoutWriter.writeAtomically(request.metadataFile(), PackMetadata.toJson(result));
            }
            if (request.digestFile() != null) {
                OciLayoutWriter.writeAtomically(request.digestFile(),
                        (manifestDescriptor.digest() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return result;
        } finally {
            deleteRecursively(staging);
        }
    }

    private Kitfile readKitfile(PackRequest request) throws PackException, IOException {
        if (!Files.isRegularFile(request.kitfile())) {
            throw new PackException("Kitfile " + request.kitfile() + " does not exist (set <kitfile> or -Dmodelkit.kitfile)");
        }
        Kitfile kitfile;
        try {
            kitfile = new KitfileReader().read(request.kitfile());
        } catch (KitfileException e) {
            throw new PackException(e.getMessage(), e);
        }
        if (request.packageDefaults() != null) {
            kitfile = kitfile.withPackageDefaults(request.packageDefaults());
        }
        return kitfile;
    }

    private void checkSupported(PackRequest request, Kitfile kitfile) throws PackException {
        if (request.format() != ArtifactFormat.MODELKIT) {
            throw new PackException("format=" + request.format().name().toLowerCase() + " is not supported yet");
        }
        if (request.layerFormat() != LayerFormat.TAR) {
            throw new PackException("layerFormat=raw is not supported yet");
        }
    }

    private List<PackedLayer> writeLayers(PackRequest request, List<LayerElement> elements, OciLayoutWriter writer)
            throws IOException, PackException {
        List<String> allPaths = elements.stream().map(LayerElement::path).toList();
        List<Path> excluded = new ArrayList<>(request.excluded());
        excluded.add(request.kitfile());
        LayerFileSelector selector = new LayerFileSelector(request.contextDirectory(), allPaths,
                KitIgnore.load(request.contextDirectory()),
                excluded.stream().map(p -> p.toAbsolutePath().normalize())
                        .collect(java.util.stream.Collectors.toSet()),
                request.symlinks(), log);
        List<PackedLayer> layers = new ArrayList<>();
        for (LayerElement element : elements) {
            List<LayerEntry> entries = selector.select(element.path(), element.kind().mediaTypeWord());
            LayerBlob blob = TarLayer.write(entries, request.compression(), writer);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(FILEPATH_ANNOTATION, element.cleanedPath());
            if (element.kind() == dev.modelkit.kitfile.LayerKind.PROMPT) {
                annotations.put(SUBTYPE_ANNOTATION, "prompt");
            }
            String mediaType = MediaTypes.modelKitLayer(element.kind().mediaTypeWord(),
                    request.layerFormat().mediaTypeWord(), request.compression().mediaTypeSuffix());
            Descriptor descriptor = new Descriptor(mediaType, blob.digest(), blob.size(), annotations, null);
            layers.add(new PackedLayer(descriptor, blob.diffId(), element.cleanedPath()));
            log.info("Packed " + element.label() + " (" + element.path() + "): " + entries.size() + " entries, "
                    + blob.size() + " bytes, " + blob.digest());
        }
        return layers;
    }

    private static Map<String, String> manifestAnnotations(PackRequest request) {
        Map<String, String> annotations = new LinkedHashMap<>(request.manifestAnnotations());
        request.outputTimestamp().ifPresent(t ->
                annotations.put(CREATED_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(t)));
        return annotations;
    }

    /** Replaces the old layout (if any) with the finished staging folder. */
    private static void swapIn(Path staging, Path layout) throws IOException {
        deleteRecursively(layout);
        Files.move(staging, layout, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteIfPresent(Path file) throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A layer blob as written: stored digest and size, and the digest of the uncompressed bytes. */
    record LayerBlob(Digest digest, long size, Digest diffId) {
    }
}
