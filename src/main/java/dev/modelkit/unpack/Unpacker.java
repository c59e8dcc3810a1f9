package dev.modelkit.unpack;

import dev.modelkit.FileTrees;
import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.KitfileYaml;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Lockstep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unpacks a ModelKit or ModelPack into a folder, the way {@code kit unpack} does, with every byte verified on the way.
 * Each layer is extracted into a staging folder inside the output folder and moved into place only after its blob
 * digest and size check out, so a layer that fails leaves none of its files behind; the staging folder is removed
 * whatever happens.
 */
public final class Unpacker {

    private final BuildLog log;
    private final long lockstepWindow;

    public Unpacker(BuildLog log) {
        this(log, Lockstep.WINDOW);
    }

    /** @param lockstepWindow how far the two readers of a local blob may drift apart (tests make it tiny) */
    Unpacker(BuildLog log, long lockstepWindow) {
        this.log = log;
        this.lockstepWindow = lockstepWindow;
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

        OutputTree out = OutputTree.create(request.outputDirectory());
        Path kitfilePath = out.root().resolve("Kitfile");
        if (writeKitfile) {
            writeKitfile = checkKitfile(kitfilePath, kitfileYaml, request.existing());
        }
        Path staging = Files.createTempDirectory(out.root(), OutputTree.STAGING_PREFIX);
        int files = 0;
        List<Integer> unpacked = new ArrayList<>();
        try {
            LayerExtractor extractor = new LayerExtractor(source, staging, log, lockstepWindow);
            for (PlannedLayer layer : plan) {
                StagedLayer staged = extractor.extract(layer);
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
        } finally {
            FileTrees.deleteRecursively(staging);
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
