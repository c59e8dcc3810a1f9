package dev.modelkit.layer;

import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.KitPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses the entries of one tar layer from the context folder, in the order and form kit writes them
 * (reference §3.1 and §4), with two deliberate fixes that lose nothing: overlap between layers is decided by whole
 * path components (kit ≤ 1.10 compares string prefixes and drops {@code model_card.md} beside a {@code model}
 * layer), and names with ".." inside a component ({@code notes..v2.txt}) are kept (kit's substring test drops them).
 * The result is metadata only; content is streamed later from {@link LayerEntry#source()}.
 */
public final class LayerFileSelector {

    private final Path contextDir;
    private final List<String> layerPaths;
    private final KitIgnore ignore;
    private final Set<Path> alwaysExcluded;
    private final SymlinkPolicy symlinks;
    private final BuildLog log;

    /**
     * @param contextDir     the folder layer paths are relative to (kit's build context)
     * @param allLayerPaths  every layer path of the Kitfile as written ("./model", "data/"); cleaned here
     * @param ignore         the context's ignore rules
     * @param alwaysExcluded absolute paths never packed, with everything below them, wherever they lie in the
     *                       context: the Kitfile in use and the build folder
     * @param symlinks       what to do with symbolic links
     * @param log            where warnings go
     */
    public LayerFileSelector(Path contextDir, List<String> allLayerPaths, KitIgnore ignore, Set<Path> alwaysExcluded,
                             SymlinkPolicy symlinks, BuildLog log) {
        this.contextDir = contextDir.toAbsolutePath().normalize();
        this.layerPaths = allLayerPaths.stream().map(KitPaths::clean).distinct().toList();
        this.ignore = Objects.requireNonNull(ignore, "ignore");
        this.alwaysExcluded = insideContext(alwaysExcluded, this.contextDir);
        this.symlinks = Objects.requireNonNull(symlinks, "symlinks");
        this.log = Objects.requireNonNull(log, "log");
        String encoding = System.getProperty("sun.jnu.encoding");
        if (encoding != null && !StandardCharsets.UTF_8.name().equalsIgnoreCase(encoding)
                && !"UTF8".equalsIgnoreCase(encoding)) {
            log.warn("The JVM's file-name encoding is " + encoding + ", not UTF-8: non-ASCII file names may be "
                    + "packed wrongly or not found. Run Maven with a UTF-8 locale (e.g. LANG=C.UTF-8).");
        }
    }

    /** Like {@link #select(String, String)} with no layer type in the messages. */
    public List<LayerEntry> select(String layerPath) throws LayerSelectionException {
        return select(layerPath, null);
    }

    /**
     * The entries of the layer at {@code layerPath}, in kit's order: Go filepath.Walk from the context root
     * (per-folder names sorted by UTF-8 bytes, a folder before its contents), keeping the layer path, everything
     * below it and every ancestor folder of it, minus what lies in another layer that does not contain this one,
     * what .kitignore ignores, and the always-excluded paths.
     *
     * @param layerPath the layer path as written in the Kitfile
     * @param layerType "model", "dataset"... for messages only; may be null
     * @return the entries; empty (with a warning) when there is nothing to pack
     * @throws LayerSelectionException when the path does not exist or leaves the context, a folder cannot be read,
     *                                 or a symbolic link cannot be packed under the policy
     */
    public List<LayerEntry> select(String layerPath, String layerType) throws LayerSelectionException {
        String layer = KitPaths.clean(layerPath);
        String what = layerType == null || layerType.isBlank() ? "layer" : layerType + " layer";
        if (layer.startsWith("/") || KitPaths.escapes(layer)) {
            throw new LayerSelectionException(what + " path " + layerPath + " is outside the context directory "
                    + contextDir);
        }
        Path target = layer.equals(".") ? contextDir : contextDir.resolve(layer);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerSelectionException("path " + layerPath + " does not exist");
        }
        if (!layer.equals(".") && ignore.matches(layer)) {
            log.warn(what + " path " + layerPath + " ignored by kitignore");
        }
        if (alwaysExcluded.stream().anyMatch(target::startsWith)) {
            log.warn(what + " path " + layerPath + " lies in the Kitfile or build directory, which are never packed");
        }
        // Layers that contain this one (itself, ".", an ancestor) do not take anything away from it.
        List<String> others = layerPaths.stream().filter(p -> !KitPaths.contains(p, layer)).toList();
        List<LayerEntry> entries = new LayerWalk(contextDir, layer, others, ignore, alwaysExcluded, symlinks, log).run();
        if (entries.isEmpty()) {
            log.warn("No files detected in " + what + " with path " + layerPath);
        }
        return entries;
    }

    /**
     * Each excluded path that lies inside the context, both as given (normalized) and with its folder resolved:
     * the walk meets paths under the context's own spelling but may reach them through a followed link too. Only
     * the folder is resolved, not the last component, so a Kitfile that is itself a link does not take its
     * target out of the layers. A path that contains the context (a context inside {@code target/}) is dropped:
     * it would leave out everything.
     */
    private static Set<Path> insideContext(Set<Path> paths, Path contextDir) {
        Path realContext;
        try {
            realContext = contextDir.toRealPath();
        } catch (IOException e) {
            realContext = contextDir;
        }
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            Path real = realFolderForm(abs);
            if (contextDir.startsWith(abs) || realContext.startsWith(real)) {
                continue;
            }
            out.add(abs);
            out.add(real);
        }
        return Set.copyOf(out);
    }

    /** The path with its parent folder resolved to a real path when that exists, else unchanged. */
    private static Path realFolderForm(Path abs) {
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
            return abs;
        }
        try {
            return parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            // Not there (yet): the normalized form is enough, nothing under it can be walked.
            return abs;
        }
    }
}
