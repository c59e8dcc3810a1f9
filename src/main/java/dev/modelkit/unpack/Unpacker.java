package dev.modelkit.unpack;

import dev.modelkit.FileTrees;
import dev.modelkit.BuildLog;
import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;
import dev.modelkit.kitfile.KitfileYaml;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Lockstep;
import dev.modelkit.oci.UncachedCopies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Unpacks a ModelKit or ModelPack into a folder, the way {@code kit unpack} does, with every byte verified on the way.
 * Each layer is extracted into a staging folder inside the output folder and moved into place only after its blob
 * digest and size check out, so a layer that fails leaves none of its files behind; the staging folder is removed
 * whatever happens. Up to one layer per core is extracted at a time; they are moved into place in order.
 */
public final class Unpacker {

    /** How long a failed unpack waits for the other layers' extraction to stop before deleting the staging folder. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final BuildLog log;
    private final long lockstepWindow;
    private final int parallelism;
    private final long uncachedFrom;

    public Unpacker(BuildLog log) {
        this(log, Lockstep.WINDOW, Runtime.getRuntime().availableProcessors(), UncachedCopies.MIN_SIZE);
    }

    /**
     * @param lockstepWindow how far the two readers of a local blob may drift apart (tests make it tiny)
     * @param parallelism    how many layers are extracted at once
     * @param uncachedFrom   files from a local blob at least this large are written around the page cache where that
     *                       is faster ({@link UncachedCopies}; tests make it small)
     */
    Unpacker(BuildLog log, long lockstepWindow, int parallelism, long uncachedFrom) {
        this.log = log;
        this.lockstepWindow = lockstepWindow;
        this.parallelism = parallelism;
        this.uncachedFrom = uncachedFrom;
    }

    public UnpackResult unpack(ArtifactSource source, UnpackRequest request) throws UnpackException, IOException {
        ModelArtifact artifact = new ModelArtifactReader(log).read(source);
        List<PlannedLayer> plan = new LayerPlanner(log).plan(artifact, request.filters());
        boolean kitfileWanted = UnpackFilter.wantsKitfile(request.filters());
        if (kitfileWanted && artifact.kitfileGenerated()) {
            log.warn("Artifact does not include Kitfile; none is written");
        }
        boolean writeKitfile = kitfileWanted && !artifact.kitfileGenerated();
        byte[] kitfileYaml = writeKitfile ? KitfileYaml.write(artifact.kitfile()) : null;

        UncachedCopies copies = UncachedCopies.open(uncachedFrom);
        OutputTree out = OutputTree.create(request.outputDirectory());
        Path kitfilePath = out.root().resolve("Kitfile");
        if (writeKitfile) {
            writeKitfile = checkKitfile(kitfilePath, kitfileYaml, request.existing());
        }
        Path staging = Files.createTempDirectory(out.root(), OutputTree.STAGING_PREFIX);
        int files = 0;
        List<Integer> unpacked = new ArrayList<>();
        ExecutorService pool = DaemonThreads.pool(Math.max(1, Math.min(plan.size(), parallelism)), "modelkit-unpack");
        List<Future<StagedLayer>> extracting = new ArrayList<>();
        Throwable failure = null;
        try {
            // Layers are extracted side by side (each into a staging folder of its own), but checked against the
            // output folder and moved into place one at a time, in order: what a layer finds on disk, and what a
            // failure leaves behind, are as if they had been unpacked one after the other.
            for (PlannedLayer layer : plan) {
                Path layerStaging = Files.createDirectory(staging.resolve(Integer.toString(layer.index())));
                LayerExtractor extractor = new LayerExtractor(source, layerStaging, lockstepWindow, copies);
                extracting.add(pool.submit(() -> extractor.extract(layer)));
            }
            pool.shutdown();
            for (int i = 0; i < plan.size(); i++) {
                PlannedLayer layer = plan.get(i);
                StagedLayer staged = Futures.await(extracting.get(i), UnpackException.class,
                        "unpacking " + layer.label());
                staged.warnings().forEach(log::warn);
                out.check(staged, request.existing());
                int written = out.commit(staged, request.existing());
                files += written;
                unpacked.add(layer.index());
                log.info("Unpacked " + layer.label() + ": " + written + " files");
            }
            out.finish();
            if (writeKitfile) {
                Path temp = staging.resolve("Kitfile");
                Files.write(temp, kitfileYaml);
                Files.move(temp, kitfilePath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // After a failure the layers still being extracted are stopped and waited for, so nothing writes into
            // the staging folder while it is deleted. A source that ignores interrupts (a stalled download) may
            // outlast the wait: its writes then fail, as the staging folder is gone.
            Futures.stop(pool, extracting, STOP_WAIT_SECONDS);
            FileTrees.deleteRecursively(staging, failure);
        }
        return new UnpackResult(artifact.manifestDescriptor().digest(), artifact.modelPack(), unpacked, files,
                writeKitfile ? kitfilePath : null);
    }

    /**
     * kit's rule: an existing Kitfile with the same bytes is fine, a different one is an error unless overwriting.
     * Checked before any layer is unpacked. Returns whether to write it.
     */
    private boolean checkKitfile(Path path, byte[] yaml, ExistingFiles existing) throws UnpackException, IOException {
        if (Files.isSymbolicLink(path)) {
            throw new UnpackException("Kitfile in the output folder is a symbolic link; refusing to write through it");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnpackException("path '" + path + "' exists and is not a file");
        }
        if (existing == ExistingFiles.OVERWRITE) {
            return true;
        }
        if (Arrays.equals(Files.readAllBytes(path), yaml)) {
            log.info("Found existing Kitfile");
            return false;
        }
        throw new UnpackException("failed to unpack Kitfile: " + path + " already exists with other content"
                + " (set overwrite)");
    }

}
