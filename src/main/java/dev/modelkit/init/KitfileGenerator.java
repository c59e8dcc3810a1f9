package dev.modelkit.init;

import dev.modelkit.kitfile.CodeEntry;
import dev.modelkit.kitfile.Dataset;
import dev.modelkit.kitfile.Doc;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.Model;
import dev.modelkit.kitfile.ModelPart;
import dev.modelkit.kitfile.PackageInfo;
import dev.modelkit.kitfile.Prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Generates a Kitfile from a folder with {@code kit init}'s rules (reference §1): files are classified by name
 * (prompt, model weights, metadata, docs, dataset, other), README and LICENSE files become docs, {@code docs} and
 * {@code src/pkg/lib/build} folders become docs and code, other folders are classified by their contents, the largest
 * weights file is the model when it clearly dominates, and OS junk is ignored. Licence detection is left out.
 */
public final class KitfileGenerator {

    /** Files and folders no one means to pack (kit #1081), plus version-control metadata. */
    private static final Set<String> JUNK = Set.of(".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini",
            ".spotlight-v100", ".trashes", ".fseventsd", ".temporaryitems", "$recycle.bin", ".git", ".svn", ".hg");
    /** kit's fixed names at the context root: never packed, so never listed. */
    private static final Set<String> ROOT_SKIPPED = Set.of("Kitfile", "kitfile", ".kitfile", ".kitignore");
    private static final Set<String> CODE_DIRS = Set.of("src", "pkg", "lib", "build");
    /** More unknown files than this at depth 0 become one {@code code: .} entry, as kit does. */
    private static final int MAX_SEPARATE_UNKNOWN = 5;

    private final Path root;
    private final InitOptions options;
    private final List<Listed> modelFiles = new ArrayList<>();
    private final List<String> metadataFiles = new ArrayList<>();
    private final List<String> unknownFiles = new ArrayList<>();
    private final List<CodeEntry> code = new ArrayList<>();
    private final List<Dataset> datasets = new ArrayList<>();
    private final List<Doc> docs = new ArrayList<>();
    private final List<Prompt> prompts = new ArrayList<>();

    private record Listed(String path, long size) {
    }

    private KitfileGenerator(Path root, InitOptions options) {
        this.root = root;
        this.options = options;
    }

    public static Kitfile generate(Path directory, InitOptions options) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a folder");
        }
        return new KitfileGenerator(directory, options).run();
    }

    private Kitfile run() throws IOException {
        String name = options.name() != null && !options.name().isBlank() ? options.name()
                : root.toAbsolutePath().normalize().getFileName().toString();
        PackageInfo pkg = new PackageInfo(name, null, options.description(), null,
                options.authors().isEmpty() ? null : options.authors());
        if (listFiles(root).stream().anyMatch(f -> f.getFileName().toString().equals("SKILL.md"))) {
            // A skill at the root: the whole folder is one prompt.
            return new Kitfile("1.0.0", pkg, null, null, null, null, List.of(new Prompt(null, ".", null, null)));
        }
        walk(root, "", 0);
        Model model = model();
        if (model == null) {
            metadataFiles.forEach(p -> datasets.add(new Dataset(FileKind.stem(fileName(p)), p, null, null, null,
                    null, null, null)));
        }
        if (options.depth() == 0 && unknownFiles.size() > MAX_SEPARATE_UNKNOWN) {
            code.add(new CodeEntry(".", null, null, null));
        } else {
            unknownFiles.forEach(p -> code.add(new CodeEntry(p, null, null, null)));
        }
        return new Kitfile("1.0.0", pkg, model, orNull(code), orNull(datasets), orNull(docs), orNull(prompts));
    }

    private void walk(Path dir, String prefix, int level) throws IOException {
        for (Path file : listFiles(dir)) {
            String fileName = file.getFileName().toString();
            if (level == 0 && ROOT_SKIPPED.contains(fileName)) {
                continue;
            }
            addFile(prefix + fileName, fileName, Files.size(file));
        }
        for (Path sub : listDirs(dir)) {
            String dirName = sub.getFileName().toString();
            if (options.depth() == -1 || level < options.depth()) {
                walk(sub, prefix + dirName + "/", level + 1);
            } else {
                addDirectory(sub, prefix + dirName + "/", dirName);
            }
        }
    }

    private void addFile(String path, String fileName, long size) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.startsWith("readme")) {
            docs.add(new Doc(path, "Readme file", null));
            return;
        }
        if (lower.startsWith("license")) {
            docs.add(new Doc(path, "License file", null));
            return;
        }
        switch (FileKind.of(fileName)) {
            case PROMPT -> prompts.add(new Prompt(null, path, null, null));
            case MODEL -> modelFiles.add(new Listed(path, size));
            case METADATA -> metadataFiles.add(path);
            case DOCS -> docs.add(new Doc(path, null, null));
            case DATASET -> datasets.add(new Dataset(FileKind.stem(fileName), path, null, null, null, null, null,
                    null));
            default -> unknownFiles.add(path);
        }
    }

    /** A folder below the listing depth becomes one entry, chosen by its name or else by what it holds. */
    private void addDirectory(Path dir, String path, String dirName) throws IOException {
        List<Path> files = listFiles(dir);
        List<Path> subdirs = listDirs(dir);
        if (files.isEmpty() && subdirs.isEmpty()) {
            return; // nothing to pack
        }
        if (files.stream().anyMatch(f -> f.getFileName().toString().equals("SKILL.md"))) {
            prompts.add(new Prompt(null, path, null, null));
        } else if (dirName.equals("docs")) {
            docs.add(new Doc(path, null, null));
        } else if (CODE_DIRS.contains(dirName)) {
            code.add(new CodeEntry(path, null, null, null));
        } else {
            classifyByContents(path, dirName, files, subdirs);
        }
    }

    private void classifyByContents(String path, String dirName, List<Path> files, List<Path> subdirs)
            throws IOException {
        List<FileKind> kinds = files.stream().map(f -> FileKind.of(f.getFileName().toString())).toList();
        boolean onlyFiles = subdirs.isEmpty() && !kinds.isEmpty(); // subfolders count as unknown content
        if (onlyFiles && kinds.contains(FileKind.MODEL)
                && kinds.stream().allMatch(k -> k == FileKind.MODEL || k == FileKind.METADATA)) {
            for (Path f : files) {
                String p = path + f.getFileName();
                if (FileKind.of(f.getFileName().toString()) == FileKind.MODEL) {
                    modelFiles.add(new Listed(p, Files.size(f)));
                } else {
                    metadataFiles.add(p);
                }
            }
        } else if (onlyFiles && kinds.stream().allMatch(k -> k == FileKind.DATASET)) {
            datasets.add(new Dataset(dirName, path, null, null, null, null, null, null));
        } else if (onlyFiles && kinds.stream().allMatch(k -> k == FileKind.DOCS)) {
            docs.add(new Doc(path, null, null));
        } else if (onlyFiles && kinds.stream().allMatch(k -> k == FileKind.PROMPT)) {
            prompts.add(new Prompt(null, path, null, null));
        } else {
            code.add(new CodeEntry(path, null, null, null));
        }
    }

    /**
     * One weights file is the model. Of several, the largest is the model when it is over 1.5 times the average
     * (one big model plus small adapters); otherwise they look like shards and the first by name is the model. The
     * rest, then the metadata files, are its parts.
     */
    private Model model() {
        if (modelFiles.isEmpty()) {
            return null;
        }
        List<Listed> sorted = modelFiles.stream().sorted(Comparator.comparing(Listed::path)).toList();
        Listed main = sorted.get(0);
        if (sorted.size() > 1) {
            Listed largest = sorted.stream().max(Comparator.comparingLong(Listed::size)).orElseThrow();
            double average = sorted.stream().mapToLong(Listed::size).average().orElse(0);
            if (largest.size() > 1.5 * average) {
                main = largest;
            }
        }
        List<ModelPart> parts = new ArrayList<>();
        for (Listed l : sorted) {
            if (l != main) {
                parts.add(new ModelPart(null, l.path(), null, null, null));
            }
        }
        metadataFiles.forEach(p -> parts.add(new ModelPart(null, p, null, null, null)));
        return new Model(FileKind.stem(fileName(main.path())), main.path(), null, null, null, null, null,
                parts.isEmpty() ? null : parts, null, null);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static <T> List<T> orNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        return list(dir).stream().filter(p -> Files.isRegularFile(p)).toList();
    }

    private static List<Path> listDirs(Path dir) throws IOException {
        return list(dir).stream().filter(p -> Files.isDirectory(p)).toList();
    }

    /** The folder's entries in Go's os.ReadDir order (bytewise by name), without OS junk. */
    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !isJunk(p.getFileName().toString()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), KitfileGenerator::bytewise))
                    .toList();
        }
    }

    private static boolean isJunk(String name) {
        return JUNK.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith("._");
    }

    private static int bytewise(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
