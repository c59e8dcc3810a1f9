package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.FileTrees;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.KitfileException;
import dev.modelkit.kitfile.KitfileJson;
import dev.modelkit.kitfile.KitfileReader;
import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.kitfile.LayerInfo;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.KitIgnore;
import dev.modelkit.layer.LayerEntry;
import dev.modelkit.layer.LayerFileSelector;
import dev.modelkit.layer.ZstdEncoder;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.Manifest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciArchiveTee;
import dev.modelkit.oci.OciArchiveWriter;
import dev.modelkit.oci.OciJson;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a Kitfile and its context folder into a ModelKit: layers, config, manifest, OCI layout, archive and the
 * small summary files. The layout is built in a staging folder beside its final place and swapped in only when
 * complete; the digest and summary files are written last, so a failed build leaves nothing that looks finished.
 */
public final class Packer {

    static final String FILEPATH_ANNOTATION = "org.cncf.model.filepath";
    static final String SUBTYPE_ANNOTATION = "ml.kitops.modelkit.layer-subtype";
    static final String CREATED_ANNOTATION = "org.opencontainers.image.created";
    static final String SOURCE_ANNOTATION = "org.opencontainers.image.source";
    static final String REVISION_ANNOTATION = "org.opencontainers.image.revision";
    static final String KITFILE_ANNOTATION = "ml.kitops.modelkit.kitfile";

    private final BuildLog log;
    private final PackProgress progress;

    public Packer(BuildLog log) {
        this(log, PackProgress.NONE);
    }

    public Packer(BuildLog log, PackProgress progress) {
        this.log = log;
        this.progress = progress;
    }

    public PackResult pack(PackRequest request) throws PackException, IOException {
        checkOptions(request);
        ZstdEncoder zstdEncoder = zstdEncoder(request);
        deleteIfPresent(request.digestFile());
        deleteIfPresent(request.metadataFile());
        Kitfile kitfile = readKitfile(request);
        List<LayerElement> elements = kitfile.layerElements();
        if (request.format() == ArtifactFormat.MODELPACK && elements.isEmpty()) {
            throw new PackException("format=modelpack needs at least one layer (the model-spec requires one diffId);"
                    + " the Kitfile " + request.kitfile() + " names no model, code, dataset, docs or prompt path");
        }

        Path layout = request.layoutDirectory().toAbsolutePath();
        Files.createDirectories(layout.getParent());
        Path staging = Files.createTempDirectory(layout.getParent(), "." + layout.getFileName() + "-");
        try {
            OciLayoutWriter writer = OciLayoutWriter.create(staging);
            LayerCache cache = new LayerCache(cacheDirectory(layout), layout);
            // the outputs are never packed, even where they lie in the context: layers are written while others are
            // still walked
            LayerPlanning planning = planning(request, elements, List.of(layout, staging, cacheDirectory(layout)));
            // A teed archive needs every layer's length before the first byte; otherwise each layer is planned
            // just before it is written, so writing starts while the other layers are still planned.
            List<LayerPlan> plans = teed(request) ? planning.planAll() : null;
            try (OciArchiveTee tee = plans == null ? null : startTee(request, plans, staging)) {
                LayerWriters.Planner planner = plans == null ? i -> planning.plan(elements.get(i)) : plans::get;
                List<PackedLayer> layers = writeLayers(request, elements.size(), planner, writer, cache, tee,
                        zstdEncoder);

                Manifest manifest = writeConfig(request, kitfile, layers, writer);
                Descriptor manifestDescriptor = writeManifestAndIndex(request, manifest, writer);
                if (LayoutComparison.sameContent(staging, layout)) {
                    log.debug("Layout " + layout + " is unchanged: kept as it is");
                } else {
                    swapIn(staging, layout);
                }
                return writeOutputs(request, manifestDescriptor, manifest, layers, layout, tee);
            }
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    /** The config blob (the Kitfile with LayerInfo, or the ModelPack config) and the manifest that names it. */
    private static Manifest writeConfig(PackRequest request, Kitfile kitfile, List<PackedLayer> layers,
                                        OciLayoutWriter writer) throws IOException {
        List<LayerInfo> infos = layers.stream()
                .map(l -> new LayerInfo(l.descriptor().digest().toString(), l.diffId().toString()))
                .toList();
        Kitfile packed = kitfile.withLayerInfo(infos);
        byte[] kitfileJson = KitfileJson.toJson(packed);
        List<Descriptor> layerDescriptors = layers.stream().map(PackedLayer::descriptor).toList();
        Map<String, String> annotations = manifestAnnotations(request);
        if (request.format() == ArtifactFormat.MODELKIT) {
            OciLayoutWriter.Written config = writer.writeBlob(kitfileJson);
            return new Manifest(MediaTypes.MODELKIT_ARTIFACT,
                    new Descriptor(MediaTypes.MODELKIT_CONFIG, config.digest(), config.size()),
                    layerDescriptors, annotations);
        }
        byte[] configJson = ModelPackConfig.toJson(packed, layers.stream().map(PackedLayer::diffId).toList(),
                request.outputTimestamp(), annotations.get(SOURCE_ANNOTATION), annotations.get(REVISION_ANNOTATION));
        OciLayoutWriter.Written config = writer.writeBlob(configJson);
        annotations.put(KITFILE_ANNOTATION, new String(kitfileJson, StandardCharsets.UTF_8));
        return new Manifest(MediaTypes.MODELPACK_ARTIFACT,
                new Descriptor(MediaTypes.MODELPACK_CONFIG, config.digest(), config.size()),
                layerDescriptors, annotations);
    }

    /** The manifest blob and index.json with one entry per tag; returns the manifest's descriptor. */
    private static Descriptor writeManifestAndIndex(PackRequest request, Manifest manifest, OciLayoutWriter writer)
            throws IOException {
        OciLayoutWriter.Written blob = writer.writeBlob(OciJson.manifest(manifest));
        Descriptor descriptor = new Descriptor(MediaTypes.OCI_MANIFEST, blob.digest(), blob.size(), Map.of(),
                manifest.artifactType());
        writer.writeIndex(request.tags().stream()
                .map(tag -> descriptor.withAnnotations(Map.of("org.opencontainers.image.ref.name", tag)))
                .toList());
        return descriptor;
    }

    /**
     * With uncompressed layers every layer's length is known before it is written, so the archive can be written
     * alongside the layout, each input byte read once ({@link OciArchiveTee}). Not when there is no archive or the
     * layers are compressed (their length is known only afterwards: the archive is copied from the layout).
     */
    private static boolean teed(PackRequest request) {
        return request.archiveFile() != null && request.compression() == Compression.NONE;
    }

    /** Starts the archive written alongside the layers, whose lengths the plans give. */
    private static OciArchiveTee startTee(PackRequest request, List<LayerPlan> plans, Path staging)
            throws IOException {
        return OciArchiveTee.start(staging, request.archiveFile(), archiveTime(request),
                plans.stream().map(LayerPlan::totalBytes).toList());
    }

    /** The time stamped on archive entries: the build's output timestamp, or 0. */
    private static long archiveTime(PackRequest request) {
        return request.outputTimestamp().map(Instant::getEpochSecond).orElse(0L);
    }

    /** The archive, then modelkit.json, then modelkit.digest last: the digest file means "complete". */
    private PackResult writeOutputs(PackRequest request, Descriptor manifestDescriptor, Manifest manifest,
                                    List<PackedLayer> layers, Path layout, OciArchiveTee tee) throws IOException {
        if (request.archiveFile() != null) {
            ArchiveState state = ArchiveState.of(layout, archiveTime(request));
            Path stateFile = cacheDirectory(layout).resolve("archive.json");
            // Decided only now the layout is known: an archive already holding it is kept (the tee's file dropped).
            if (!state.matches(stateFile, request.archiveFile())) {
                writeArchive(request, manifest, layout, tee);
                state.record(stateFile, request.archiveFile());
            }
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
    }

    /** Completes the teed archive, or copies the layout when there is no tee or its plan did not hold. */
    private void writeArchive(PackRequest request, Manifest manifest, Path layout, OciArchiveTee tee)
            throws IOException {
        List<Digest> layerDigests = manifest.layers().stream().map(Descriptor::digest).toList();
        if (tee != null && tee.finish(layout, layerDigests)) {
            return;
        }
        if (tee != null) {
            log.debug("Archive " + request.archiveFile() + " copied from the layout: the layers are not as planned"
                    + " for writing it alongside them (two layers with the same content?)");
        }
        OciArchiveWriter.write(layout, request.archiveFile(), archiveTime(request));
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

    /** Option combinations that cannot work fail before anything is read or written. */
    private static void checkOptions(PackRequest request) throws PackException {
        if (request.format() == ArtifactFormat.MODELPACK && request.layerFormat() == LayerFormat.RAW
                && request.compression() != Compression.NONE) {
            throw new PackException("compression=" + request.compression().kitName() + " with layerFormat=raw is not"
                    + " allowed for format=modelpack: the model-spec has no compressed raw layers. Use compression=none"
                    + " (weights barely compress) or layerFormat=tar, or format=modelkit.");
        }
    }

    /** Where layer selectors live: beside the layout, so {@code mvn clean} removes both. */
    static Path cacheDirectory(Path layout) {
        return layout.resolveSibling(layout.getFileName() + "-cache");
    }

    private List<PackedLayer> writeLayers(PackRequest request, int count, LayerWriters.Planner planner,
                                          OciLayoutWriter writer, LayerCache cache, OciArchiveTee tee,
                                          ZstdEncoder zstdEncoder) throws IOException, PackException {
        int cores = Runtime.getRuntime().availableProcessors();
        // Compressed layers get their parallelism from chunks; two at a time keep the chunks' heap bounded.
        int layersAtOnce = Math.min(request.compression() == Compression.NONE ? cores : Math.min(cores, 2),
                Math.max(1, count));
        // A compressed layer's blob is read again right away when the archive is copied from the layout: cached then.
        boolean compressedAroundCache = request.archiveFile() == null;
        try (LayerWriters writers = new LayerWriters(layersAtOnce, cores, zstdEncoder, compressedAroundCache)) {
            return writers.write(count, planner, request.compression(), writer, cache, tee, log, progress);
        }
    }

    /**
     * The zstd implementation, said in the log for zstd layers: {@code auto} falling back to the pure-Java encoder
     * is a warning, since the layer digests then differ from a build where libzstd loads.
     */
    private ZstdEncoder zstdEncoder(PackRequest request) throws PackException {
        ZstdEncoder resolved;
        try {
            resolved = request.zstdEncoder().resolve();
        } catch (IllegalStateException e) {
            throw new PackException(e.getMessage(), e);
        }
        if (request.compression() == Compression.ZSTD) {
            if (resolved == ZstdEncoder.JAVA && request.zstdEncoder() == ZstdEncoder.AUTO) {
                log.warn("libzstd does not load here (" + ZstdEncoder.nativeLoadFailure() + "): zstd layers are"
                        + " compressed by the pure-Java encoder, so their digests differ from builds on machines"
                        + " where it loads. Set zstdEncoder=java everywhere for the same digests on every machine.");
            } else {
                log.debug("zstd layers compressed by the " + resolved.userName() + " encoder");
            }
        }
        return resolved;
    }

    /** How each layer's content and media type are decided: the file selection over all the Kitfile's paths. */
    private LayerPlanning planning(PackRequest request, List<LayerElement> elements, List<Path> outputs)
            throws IOException {
        Path context = request.contextDirectory().toAbsolutePath().normalize();
        List<Path> excluded = new ArrayList<>(request.excluded());
        excluded.add(request.kitfile());
        excluded.addAll(outputs);
        if (request.archiveFile() != null) {
            excluded.add(request.archiveFile());
        }
        LayerFileSelector selector = new LayerFileSelector(context,
                elements.stream().map(LayerElement::path).toList(), KitIgnore.load(context),
                excluded.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet()),
                request.symlinks(), log);
        return new LayerPlanning(request, context, selector, elements);
    }

    /** Plans layers one at a time, on one thread (the selector is not shared between threads). */
    private record LayerPlanning(PackRequest request, Path context, LayerFileSelector selector,
                                 List<LayerElement> elements) {

        List<LayerPlan> planAll() throws IOException, PackException {
            List<LayerPlan> plans = new ArrayList<>();
            for (LayerElement element : elements) {
                plans.add(plan(element));
            }
            return plans;
        }

        LayerPlan plan(LayerElement element) throws IOException, PackException {
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(FILEPATH_ANNOTATION, element.cleanedPath());
            if (LayerTypes.isPrompt(element)) {
                annotations.put(SUBTYPE_ANNOTATION, "prompt");
            }
            String mediaType = LayerTypes.mediaType(request.format(), element, context, request.layerFormat(),
                    request.compression());
            if (request.layerFormat() == LayerFormat.RAW) {
                RawLayer.Source source = RawLayer.resolve(context, element, request.symlinks());
                annotations.put(RawFileMetadata.ANNOTATION, RawFileMetadata.json(source,
                        request.outputTimestamp().orElse(Instant.EPOCH)));
                return new LayerPlan(element, mediaType, annotations, List.of(), source);
            }
            List<LayerEntry> entries = selector.select(element.path(), element.kind().mediaTypeWord());
            return new LayerPlan(element, mediaType, annotations, entries, null);
        }
    }

    private static Map<String, String> manifestAnnotations(PackRequest request) {
        Map<String, String> annotations = new LinkedHashMap<>(request.manifestAnnotations());
        request.outputTimestamp().ifPresent(t ->
                annotations.put(CREATED_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(t)));
        return annotations;
    }

    /** Replaces the old layout (if any) with the finished staging folder. */
    private static void swapIn(Path staging, Path layout) throws IOException {
        FileTrees.deleteRecursively(layout);
        Files.move(staging, layout, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteIfPresent(Path file) throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** A layer blob as written: stored digest and size, and the digest of the uncompressed bytes. */
    record LayerBlob(Digest digest, long size, Digest diffId) {
    }
}
