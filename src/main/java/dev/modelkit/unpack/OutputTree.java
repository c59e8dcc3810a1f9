package dev.modelkit.unpack;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output folder: the only place unpack writes. Every name from an artifact goes through {@link #components} (no
 * absolute names, no {@code ..}) and every existing path component is checked not to be a symbolic link before
 * anything is written under it, so no entry can land outside the folder.
 */
final class OutputTree {

    static final String STAGING_PREFIX = ".modelkit-unpack-";

    private final Path root;
    /** Folders this unpack created, with the mode to give them once all files are in (a 0555 folder must wait). */
    private final Map<Path, Integer> createdFolders = new LinkedHashMap<>();
    /** Folders known to exist (checked or created): asked about once, not once per file in them. */
    private final Set<Path> existingFolders = new HashSet<>();
    private Boolean posix;

    private OutputTree(Path root) {
        this.root = root;
    }

    /** Creates the folder if needed; all checks are relative to its real path (it may itself be a link). */
    static OutputTree create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new OutputTree(dir.toRealPath());
    }

    Path root() {
        return root;
    }

    /**
     * The components of a name from an artifact ('/'-separated), with "" and "." dropped. Refuses absolute names,
     * {@code ..} components and backslashes (a separator on Windows), each with a message naming {@code what}.
     */
    static List<String> components(String name, String what) throws UnpackException {
        if (name == null || name.isEmpty()) {
            throw new UnpackException(what + " has an empty name");
        }
        if (name.startsWith("/")) {
            throw new UnpackException(what + " has an absolute name; only relative names are unpacked");
        }
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new UnpackException(what + " has a backslash or NUL in its name");
        }
        if (name.length() > 1 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw new UnpackException(what + " has a drive letter in its name");
        }
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnpackException(what + " has a '..' component; it would climb out of the output folder");
            }
            out.add(part);
        }
        if (!out.isEmpty() && out.get(0).startsWith(STAGING_PREFIX)) {
            throw new UnpackException(what + " names the unpack staging folder");
        }
        return out;
    }

    Path resolve(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /**
     * Checks every entry of a staged layer against what is on disk before anything moves, so a conflict leaves the
     * layer entirely unwritten: no component may be a symbolic link, folders must be folders, and an existing file is
     * an error unless overwritten or ignored.
     */
    void check(StagedLayer layer, ExistingFiles existing) throws UnpackException {
        // Folders already found to be real folders are not asked about again: a layer of 10,000 files in 100
        // folders costs one lookup per file, not one per path component (nothing moves until the check is over).
        Set<Path> folders = new HashSet<>();
        for (StagedLayer.Entry e : layer.entries()) {
            String what = layer.layer().label() + ": entry '" + e.name() + "'";
            Path p = root;
            for (int i = 0; i < e.path().size(); i++) {
                p = p.resolve(e.path().get(i));
                boolean last = i == e.path().size() - 1;
                if ((!last || e.directory()) && folders.contains(p)) {
                    continue;
                }
                BasicFileAttributes found = attributes(p);
                if (found == null) {
                    break;
                }
                if (found.isSymbolicLink()) {
                    throw new UnpackException(what + " would pass through the symbolic link " + relative(p)
                            + " in the output folder; refusing to follow it");
                }
                boolean dir = found.isDirectory();
                if ((!last || e.directory()) && !dir) {
                    throw new UnpackException(what + ": path '" + relative(p) + "' exists and is not a folder");
                }
                if (dir) {
                    folders.add(p);
                }
                if (last && !e.directory()) {
                    if (dir) {
                        throw new UnpackException(what + ": path '" + relative(p) + "' exists and is a folder");
                    }
                    if (!found.isRegularFile()) {
                        throw new UnpackException(what + ": path '" + relative(p) + "' exists and is not a file");
                    }
                    if (existing == ExistingFiles.FAIL) {
                        throw new UnpackException(what + ": path '" + relative(p) + "' already exists"
                                + " (set overwrite or ignoreExisting)");
                    }
                }
            }
        }
    }

    /** What is at {@code p} itself (a link is not followed), or null when nothing is (or it cannot be told). */
    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves a checked layer into place; returns how many files were written (ignored ones excluded). */
    int commit(StagedLayer layer, ExistingFiles existing) throws IOException {
        int written = 0;
        for (StagedLayer.Entry e : layer.entries()) {
            Path target = resolve(e.path());
            if (e.directory()) {
                createFolders(e.path(), e.mode(), true);
                continue;
            }
            createFolders(e.path().subList(0, e.path().size() - 1), 0755, false);
            if (existing == ExistingFiles.IGNORE && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(e.staged());
                continue;
            }
            try {
                Files.move(e.staged(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(e.staged(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            setMode(target, e.mode());
            written++;
        }
        return written;
    }

    /** Gives the folders this unpack created their modes, deepest first. */
    void finish() throws IOException {
        List<Map.Entry<Path, Integer>> folders = new ArrayList<>(createdFolders.entrySet());
        folders.sort(Comparator.comparingInt((Map.Entry<Path, Integer> f) -> f.getKey().getNameCount()).reversed());
        for (Map.Entry<Path, Integer> f : folders) {
            setMode(f.getKey(), f.getValue());
        }
    }

    private void createFolders(List<String> components, int mode, boolean explicit) throws IOException {
        Path p = root;
        for (int i = 0; i < components.size(); i++) {
            p = p.resolve(components.get(i));
            boolean last = i == components.size() - 1;
            if (!existingFolders.contains(p) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
                createdFolders.put(p, last && explicit ? mode : 0755);
            } else if (last && explicit && createdFolders.containsKey(p)) {
                createdFolders.put(p, mode);
            }
            existingFolders.add(p);
        }
    }

    private void setMode(Path p, int mode) throws IOException {
        if (posix == null) {
            // Asked once per unpack: Files.getFileStore reads the mount table, too slow to do for every file.
            posix = Files.getFileStore(root).supportsFileAttributeView("posix");
        }
        if (posix) {
            Files.setPosixFilePermissions(p, permissions(mode));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder sb = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    String relative(Path p) {
        return root.relativize(p).toString();
    }
}
