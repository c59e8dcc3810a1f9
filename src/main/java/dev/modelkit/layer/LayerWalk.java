package dev.modelkit.layer;

import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.KitPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One walk of the context for one layer. Holds the state of that walk only (result list, folders being walked),
 * so a {@link LayerFileSelector} can be reused and no state is shared between layers.
 */
final class LayerWalk {

    private final Path root;
    private final String layer;
    private final List<String> otherLayers;
    private final KitIgnore ignore;
    private final Set<Path> alwaysExcluded;
    private final SymlinkPolicy symlinks;
    private final BuildLog log;

    private final List<LayerEntry> entries = new ArrayList<>();
    /** Real path → entry name of every folder on the current walk chain: following a link into one is a cycle. */
    private final Map<Path, String> walking = new HashMap<>();

    LayerWalk(Path root, String layer, List<String> otherLayers, KitIgnore ignore, Set<Path> alwaysExcluded,
              SymlinkPolicy symlinks, BuildLog log) {
        this.root = root;
        this.layer = layer;
        this.otherLayers = otherLayers;
        this.ignore = ignore;
        this.alwaysExcluded = alwaysExcluded;
        this.symlinks = symlinks;
        this.log = log;
    }

    List<LayerEntry> run() throws LayerSelectionException {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new LayerSelectionException("context directory " + root + " cannot be read: " + e, e);
        }
        // Like kit, the walk starts at "." and the root itself is never an entry.
        walking.put(realRoot, ".");
        walkDirectory(root, realRoot, "", null);
        return List.copyOf(entries);
    }

    /**
     * Visits the children of a folder in Go's order.
     *
     * @param dir     the folder as the walk spells it (under the context, through link names)
     * @param real    its real path, for cycle and exclusion checks
     * @param rel     its entry name, "" for the root
     * @param viaLink the entry name of the followed link this folder lies under, null if none (for messages)
     */
    private void walkDirectory(Path dir, Path real, String rel, String viaLink) throws LayerSelectionException {
        for (String name : Utf8NameOrder.sort(list(dir, rel))) {
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            visit(dir.resolve(name), real.resolve(name), childRel, viaLink);
        }
    }

    private void visit(Path path, Path real, String rel, String viaLink) throws LayerSelectionException {
        // Siblings of the layer path and of its ancestors are not in this layer's tree (kit's sameDirTree, but by
        // whole components so that "notes..v2.txt" and "models/v1..2" are not dropped).
        if (!KitPaths.contains(layer, rel) && !KitPaths.contains(rel, layer)) {
            return;
        }
        if (isAlwaysExcluded(path, real)) {
            return;
        }
        // Another layer's path that does not contain this layer: all of it belongs to that layer. A folder that
        // merely contains another layer's path is not "within" it and is still written here as a bare entry.
        for (String other : otherLayers) {
            if (KitPaths.contains(other, rel)) {
                return;
            }
        }
        boolean ignored = ignore.matches(rel);
        // Without '!' patterns nothing below an ignored path can come back, so the whole subtree is pruned.
        if (ignored && !ignore.hasExclusions()) {
            return;
        }
        FileFacts facts = lstat(path, rel);
        if (facts.kind() == FileFacts.Kind.SYMLINK) {
            if (ignored) {
                return;
            }
            switch (symlinks) {
                case SKIP -> {
                    log.warn("Skipping symbolic link " + rel + ": symlinks are not packed (symlinks=skip)");
                    return;
                }
                case FAIL -> throw new LayerSelectionException("symbolic link " + rel + " found in layer path "
                        + layer + " (symlinks=fail); replace it with the file or folder, or set symlinks to "
                        + "follow or skip");
                default -> {
                    // FOLLOW: the link's name holds what it points to. A target outside the context is allowed on
                    // purpose (models are often linked in from a shared cache); its content is packed under the
                    // link's name, and nothing outside the context is ever written.
                    real = resolveLink(path, rel);
                    facts = stat(real, rel);
                    viaLink = rel;
                    if (isAlwaysExcluded(path, real)) {
                        return;
                    }
                }
            }
        }
        switch (facts.kind()) {
            case FILE -> {
                if (!ignored) {
                    entries.add(LayerEntry.file(rel, facts.mode(), facts.size(), path));
                }
            }
            case DIRECTORY -> {
                if (!ignored) {
                    entries.add(LayerEntry.directory(rel, facts.mode()));
                }
                String cycleStart = walking.putIfAbsent(real, rel);
                if (cycleStart != null) {
                    throw new LayerSelectionException((viaLink == null ? "folder " + rel : "symbolic link " + viaLink)
                            + " leads into a cycle: " + rel
                            + " is " + real + ", which is already being walked as "
                            + (cycleStart.equals(".") ? "the context directory" : cycleStart));
                }
                walkDirectory(path, real, rel, viaLink);
                walking.remove(real);
            }
            default -> {
                // Devices, sockets, fifos: kit writes only files and folders and skips these silently.
            }
        }
    }

    private boolean isAlwaysExcluded(Path path, Path real) {
        for (Path excluded : alwaysExcluded) {
            if (path.startsWith(excluded) || real.startsWith(excluded)) {
                return true;
            }
        }
        return false;
    }

    private Path resolveLink(Path link, String rel) throws LayerSelectionException {
        String target = linkText(link);
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new LayerSelectionException("symbolic link " + rel + " is dangling: its target " + target
                    + " does not exist", e);
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (reason.contains("symbolic links")) {
                // ELOOP: links that point at each other never reach a file or folder.
                throw new LayerSelectionException("symbolic link " + rel + " (-> " + target + ") is part of a "
                        + "cycle of links: " + reason, e);
            }
            throw new LayerSelectionException("symbolic link " + rel + " (-> " + target + ") cannot be followed: "
                    + e, e);
        } catch (IOException e) {
            throw new LayerSelectionException("symbolic link " + rel + " (-> " + target + ") cannot be followed: "
                    + e, e);
        }
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    private static List<String> list(Path dir, String rel) throws LayerSelectionException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        } catch (IOException e) {
            throw new LayerSelectionException("cannot read directory " + display(rel) + ": " + e, e);
        }
        return names;
    }

    private static FileFacts lstat(Path path, String rel) throws LayerSelectionException {
        try {
            return FileFacts.ofLink(path);
        } catch (IOException e) {
            throw new LayerSelectionException("cannot read " + rel + ": " + e, e);
        }
    }

    private static FileFacts stat(Path path, String rel) throws LayerSelectionException {
        try {
            return FileFacts.ofTarget(path);
        } catch (IOException e) {
            throw new LayerSelectionException("cannot read " + rel + ": " + e, e);
        }
    }

    private static String display(String rel) {
        return rel.isEmpty() ? "." : rel;
    }
}
