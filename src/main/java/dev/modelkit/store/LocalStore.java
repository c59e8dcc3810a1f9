package dev.modelkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.DaemonThreads;
import dev.modelkit.FileTrees;
import dev.modelkit.Futures;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciJson;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.OciLayoutWriter;
import dev.modelkit.oci.UncachedCopies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The KitOps local store ({@code $KITOPS_HOME/storage}) in kit's own layout (reference §6): one shared OCI layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/sha256}) plus, per repository, {@code <base64url(key)>-index.json}
 * and {@code -tags.json}. What is written here, {@code kit list}, {@code kit unpack} and {@code kit push} read.
 */
public final class LocalStore {

    private static final String INDEX_SUFFIX = "-index.json";
    private static final String TAGS_SUFFIX = "-tags.json";

    /** Blobs copied at once by an install. */
    private static final int COPIERS = Runtime.getRuntime().availableProcessors();
    /** How long a failed install waits for its other copies to stop before deleting their folder. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final Path storage;

    public LocalStore(Path kitopsHome) {
        this.storage = kitopsHome.toAbsolutePath().resolve("storage");
    }

    public Path storage() {
        return storage;
    }

    public Path blobPath(Digest digest) {
        return storage.resolve("blobs").resolve("sha256").resolve(digest.hex());
    }

    /**
     * Installs the ModelKit of an OCI layout under every reference (all must carry a tag). Every blob is verified
     * while it is copied to {@code ingest/}; only when all are good do they move into {@code blobs/}, under the store
     * lock, followed by the index and tags files. Blobs already in the store are never rewritten, and files whose
     * content would not change are not written, so installing the same ModelKit again changes nothing.
     */
    public InstallResult install(Path layout, List<StoreReference> references) throws StoreException, IOException {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("at least one reference is needed");
        }
        for (StoreReference r : references) {
            if (r.tag() == null) {
                throw new IllegalArgumentException("install needs tagged references, got " + r);
            }
        }
        SourceLayout source = SourceLayout.read(layout);
        Path ingestRoot = Files.createDirectories(storage.resolve("ingest"));
        Files.createDirectories(storage.resolve("blobs").resolve("sha256"));
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor blob : source.blobs()) {
            if (!isInStore(blob)) {
                missing.add(blob);
            }
        }
        int alreadyThere = source.blobs().size() - missing.size();
        if (missing.isEmpty()) { // a reinstall: nothing is copied, and no folder is touched
            return StoreLock.withLock(storage, () -> commit(source, references, List.of(), alreadyThere));
        }
        // Large blobs are written around the page cache where that is faster, as unpack writes large files.
        UncachedCopies uncached = UncachedCopies.open(UncachedCopies.MIN_SIZE);
        // A folder of this install's own: whatever its copies leave (a copy that ends after being cancelled too) is
        // deleted with it.
        Path ingest = Files.createTempDirectory(ingestRoot, "install-");
        // Copy and verify outside the lock: this is the slow part, and other writers need not wait for it. Up to one
        // blob per core at a time (each copied while another thread hashes it).
        ExecutorService pool = DaemonThreads.pool(Math.max(1, Math.min(missing.size(), COPIERS)), "modelkit-install");
        List<Future<StagedBlob>> copies = new ArrayList<>();
        List<StagedBlob> staged = new ArrayList<>();
        Throwable failure = null;
        try {
            // Taken as they finish: a bad small blob stops the install at once, not after the big ones before it.
            CompletionService<StagedBlob> finished = new ExecutorCompletionService<>(pool);
            for (Descriptor blob : missing) {
                copies.add(finished.submit(() -> StagedBlob.copyVerified(source.blobPath(blob.digest()), blob,
                        ingest, uncached)));
            }
            pool.shutdown();
            for (int i = 0; i < copies.size(); i++) {
                staged.add(copied(finished));
            }
            return StoreLock.withLock(storage, () -> commit(source, references, staged, alreadyThere));
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // After a failure the other copies are stopped and waited for before their folder is deleted.
            Futures.stop(pool, copies, STOP_WAIT_SECONDS);
            FileTrees.deleteRecursively(ingest, failure);
        }
    }

    /** The next blob copy to finish, its failure thrown as it was. */
    private static StagedBlob copied(CompletionService<StagedBlob> finished) throws StoreException, IOException {
        try {
            return Futures.await(finished.take(), StoreException.class, "installing");
        } catch (InterruptedException e) {
            throw Futures.interrupted("installing");
        }
    }

    private InstallResult commit(SourceLayout source, List<StoreReference> references, List<StagedBlob> staged,
                                 int present) throws IOException, StoreException {
        List<String> changed = new ArrayList<>();
        int added = 0;
        int alsoPresent = present;
        for (StagedBlob s : staged) {
            Path target = blobPath(s.descriptor().digest());
            if (isInStore(s.descriptor())) {
                alsoPresent++; // another writer put it there meanwhile: keep theirs
                continue;
            }
            moveIntoPlace(s.temp(), target);
            added++;
            changed.add(storage.relativize(target).toString());
        }
        writeIfChanged(storage.resolve("oci-layout"), OciJson.ociLayout(), changed);
        Descriptor manifest = source.manifest();

        Path storageIndex = storage.resolve("index.json");
        List<Descriptor> all = readIndexIfPresent(storageIndex);
        if (addIfAbsent(all, manifest)) {
            writeIfChanged(storageIndex, StoreJson.storageIndex(all), changed);
        }

        Map<String, List<StoreReference>> byRepository = new LinkedHashMap<>();
        references.forEach(r -> byRepository.computeIfAbsent(r.repositoryKey(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<StoreReference>> repo : byRepository.entrySet()) {
            String stem = StoreReference.fileStem(repo.getKey());
            Path indexFile = storage.resolve(stem + INDEX_SUFFIX);
            List<Descriptor> manifests = readIndexIfPresent(indexFile);
            if (addIfAbsent(manifests, manifest)) {
                writeIfChanged(indexFile, StoreJson.repositoryIndex(manifests), changed);
            }
            Path tagsFile = storage.resolve(stem + TAGS_SUFFIX);
            SortedMap<String, Descriptor> tags = readTagsIfPresent(tagsFile);
            boolean tagsChanged = false;
            for (StoreReference r : repo.getValue()) {
                tagsChanged |= !manifest.equals(tags.put(r.tag(), manifest));
            }
            if (tagsChanged) {
                writeIfChanged(tagsFile, StoreJson.tags(tags), changed);
            }
        }
        return new InstallResult(references, manifest.digest(), added, alsoPresent, changed);
    }

    /** A blob counts as present when a file of the right size has its name; its bytes were verified on the way in. */
    private boolean isInStore(Descriptor blob) throws IOException {
        Path p = blobPath(blob.digest());
        return Files.isRegularFile(p) && Files.size(p) == blob.size();
    }

    /** Renames without replacing where possible; a damaged (wrong-size) blob in the way is the only thing replaced. */
    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            OciLayoutWriter.moveReplacing(temp, target);
        }
    }

    private static boolean addIfAbsent(List<Descriptor> manifests, Descriptor manifest) {
        boolean known = manifests.stream().anyMatch(d -> d.digest().equals(manifest.digest()));
        if (!known) {
            manifests.add(manifest);
        }
        return !known;
    }

    private void writeIfChanged(Path file, byte[] content, List<String> changed) throws IOException {
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        OciLayoutWriter.writeAtomically(file, content);
        changed.add(storage.relativize(file).toString());
    }

    private static List<Descriptor> readIndexIfPresent(Path file) throws IOException, StoreException {
        return Files.isRegularFile(file)
                ? new ArrayList<>(StoreJson.readIndex(Files.readAllBytes(file), file.toString()))
                : new ArrayList<>();
    }

    private static SortedMap<String, Descriptor> readTagsIfPresent(Path file) throws IOException, StoreException {
        return Files.isRegularFile(file) ? StoreJson.readTags(Files.readAllBytes(file), file.toString())
                : new TreeMap<>();
    }

    /** The manifest a reference names, if the store has it. */
    public Optional<Descriptor> resolve(StoreReference reference) throws IOException, StoreException {
        String stem = reference.fileStem();
        if (reference.digest() != null) {
            Digest wanted = Digest.parse(reference.digest());
            return readIndexIfPresent(storage.resolve(stem + INDEX_SUFFIX)).stream()
                    .filter(d -> d.digest().equals(wanted)).findFirst();
        }
        return Optional.ofNullable(readTagsIfPresent(storage.resolve(stem + TAGS_SUFFIX))
                .get(reference.tag() == null ? "latest" : reference.tag()));
    }

    /**
     * The ModelKit a reference names, as a source for unpack and inspect (its blobs are read from the shared
     * {@code storage/} layout and verified by the reader), or empty when the store does not have it.
     */
    public Optional<ArtifactSource> open(StoreReference reference) throws IOException, StoreException {
        Optional<Descriptor> manifest = resolve(reference);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OciLayoutReader.forManifest(storage, manifest.get(),
                "local store " + storage + " " + reference));
    }

    /** The repository keys ({@code registry/repository}) that have files in the store, sorted. */
    public List<String> repositories() throws IOException {
        if (!Files.isDirectory(storage)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(storage)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(INDEX_SUFFIX) && name.length() > INDEX_SUFFIX.length()) {
                    String stem = name.substring(0, name.length() - INDEX_SUFFIX.length());
                    try {
                        out.add(new String(Base64.getUrlDecoder().decode(stem), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notOurs) {
                        // not a repository file (e.g. a stray name): kit skips those too
                    }
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** What {@code kit list} shows: one row per tag (untagged manifests once), by repository then digest. */
    public List<ListedModelKit> list() throws IOException, StoreException {
        List<ListedModelKit> rows = new ArrayList<>();
        for (String key : repositories()) {
            String stem = StoreReference.fileStem(key);
            SortedMap<String, Descriptor> tags = readTagsIfPresent(storage.resolve(stem + TAGS_SUFFIX));
            List<Descriptor> manifests = readIndexIfPresent(storage.resolve(stem + INDEX_SUFFIX));
            manifests.sort(Comparator.comparing(d -> d.digest().hex()));
            for (Descriptor m : manifests) {
                Summary s = summary(m.digest());
                List<String> tagNames = tags.entrySet().stream()
                        .filter(e -> e.getValue().digest().equals(m.digest())).map(Map.Entry::getKey).toList();
                String repo = StoreReference.display(key);
                if (tagNames.isEmpty()) {
                    rows.add(new ListedModelKit(repo, null, s.maintainer(), s.name(), s.size(), m.digest()));
                }
                for (String tag : tagNames) {
                    rows.add(new ListedModelKit(repo, tag, s.maintainer(), s.name(), s.size(), m.digest()));
                }
            }
        }
        // kit sorts what it shows: by the displayed repository, then digest (tags of one manifest stay in order).
        rows.sort(Comparator.comparing(ListedModelKit::repository).thenComparing(r -> r.digest().hex()));
        return rows;
    }

    private record Summary(String maintainer, String name, long size) {
    }

    private Summary summary(Digest manifestDigest) throws IOException, StoreException {
        JsonNode manifest = StoreJson.parse(Files.readAllBytes(blobPath(manifestDigest)), "manifest " + manifestDigest);
        long size = 0;
        for (JsonNode layer : manifest.path("layers")) {
            size += layer.path("size").asLong();
        }
        Digest configDigest = Digest.parse(manifest.path("config").path("digest").asText());
        JsonNode pkg = StoreJson.parse(Files.readAllBytes(blobPath(configDigest)), "config " + configDigest)
                .path("package");
        String name = pkg.path("name").isTextual() ? pkg.path("name").asText() : null;
        JsonNode authors = pkg.path("authors");
        String maintainer = authors.isArray() && authors.size() > 0 ? authors.get(0).asText() : null;
        return new Summary(maintainer, name, size);
    }
}
