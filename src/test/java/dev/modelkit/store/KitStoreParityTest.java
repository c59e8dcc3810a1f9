package dev.modelkit.store;

import dev.modelkit.oci.Digest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store we write against the one kit 1.10 wrote for the same trees (basic as basic:1.0.0 and basic:latest,
 * parts as registry.example.com/team/parts:v1). Layer and config blobs are kit's byte for byte; our manifests differ
 * (we write mediaType, kit writes a cli-version annotation), so index and tags files must equal kit's once kit's
 * manifest digest and size are replaced by ours.
 */
class KitStoreParityTest {

    static final String KIT_BASIC = "19f3cc4e8f0567dfe603a80eae09f85c89e0992d5e887363b055b5dd355b1948";
    static final String KIT_PARTS = "8d1a853d81c3074a4f495487bc7b33c7246e854b249efb59cd5c80a0fb5107a9";
    static final String BASIC_STEM = "bG9jYWxob3N0L2Jhc2lj";
    static final String PARTS_STEM = "cmVnaXN0cnkuZXhhbXBsZS5jb20vdGVhbS9wYXJ0cw==";

    @TempDir
    static Path work;
    static Path kit;
    static Path ours;
    static PackResult basic;
    static PackResult parts;

    @BeforeAll
    static void installBoth() throws Exception {
        Path trees = Golden.buildTrees(work.resolve("trees"));
        basic = StoreFixtures.pack(trees.resolve("basic"), work.resolve("out-basic"));
        parts = StoreFixtures.pack(trees.resolve("parts"), work.resolve("out-parts"));
        kit = StoreFixtures.kitStore(Files.createDirectories(work.resolve("kit-home"))).resolve("storage");
        LocalStore store = new LocalStore(work.resolve("our-home"));
        store.install(basic.layoutDirectory(), StoreReference.parse("basic:1.0.0,latest"));
        store.install(parts.layoutDirectory(), StoreReference.parse("registry.example.com/team/parts:v1"));
        ours = store.storage();
    }

    @Test
    void repositoryFilesHaveKitsNamesAndBytesModuloTheManifest() throws Exception {
        for (String suffix : List.of("-index.json", "-tags.json")) {
            assertThat(ours.resolve(BASIC_STEM + suffix)).hasContent(withOurManifests(kit.resolve(BASIC_STEM + suffix)));
            assertThat(ours.resolve(PARTS_STEM + suffix)).hasContent(withOurManifests(kit.resolve(PARTS_STEM + suffix)));
        }
        assertThat(StoreReference.parse("basic:x").get(0).fileStem()).isEqualTo(BASIC_STEM);
        assertThat(StoreReference.parse("registry.example.com/team/parts:v1").get(0).fileStem()).isEqualTo(PARTS_STEM);
    }

    @Test
    void storageIndexAndLayoutFileAreKits() throws Exception {
        assertThat(ours.resolve("index.json")).hasContent(withOurManifests(kit.resolve("index.json")));
        assertThat(Files.readAllBytes(ours.resolve("oci-layout"))).isEqualTo(Files.readAllBytes(kit.resolve("oci-layout")));
    }

    @Test
    void sameFilesAsKitExceptOurManifestsAndLock() throws Exception {
        List<String> kitFiles = StoreFixtures.files(kit).stream()
                .map(f -> f.replace(KIT_BASIC, hex(basic)).replace(KIT_PARTS, hex(parts))).sorted().toList();
        assertThat(StoreFixtures.files(ours)).containsExactlyInAnyOrderElementsOf(
                concat(kitFiles, StoreLock.LOCK_FILE));
        assertThat(ours.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void layerAndConfigBlobsAreKitsByteForByte() throws Exception {
        for (String blob : StoreFixtures.files(kit.resolve("blobs"))) {
            String hex = Path.of(blob).getFileName().toString();
            if (!hex.equals(KIT_BASIC) && !hex.equals(KIT_PARTS)) {
                assertThat(Files.readAllBytes(ours.resolve("blobs").resolve(blob)))
                        .as(blob).isEqualTo(Files.readAllBytes(kit.resolve("blobs").resolve(blob)));
            }
        }
    }

    @Test
    void listingMatchesKitListModuloDigests() throws Exception {
        String printed = StoreFixtures.resource("store/kit-1.10-list.txt");
        String table = ModelKitTable.format(new LocalStore(ours.getParent()).list());
        assertThat(table).isEqualTo(printed.replace(KIT_BASIC, hex(basic)).replace(KIT_PARTS, hex(parts)));
    }

    @Test
    void readingKitsOwnStorePrintsExactlyWhatKitListPrinted() throws Exception {
        LocalStore kitStore = new LocalStore(kit.getParent());
        assertThat(ModelKitTable.format(kitStore.list())).isEqualTo(StoreFixtures.resource("store/kit-1.10-list.txt"));
        assertThat(kitStore.repositories()).containsExactly("localhost/basic", "registry.example.com/team/parts");
        assertThat(kitStore.resolve(StoreReference.parse("basic:latest").get(0)).orElseThrow().digest())
                .isEqualTo(new Digest(KIT_BASIC));
        assertThat(kitStore.resolve(StoreReference.parse("registry.example.com/team/parts@sha256:" + KIT_PARTS)
                .get(0))).isPresent();
        assertThat(kitStore.resolve(StoreReference.parse("basic:nope").get(0))).isEmpty();
    }

    @Test
    void installingOnTopOfKitsStoreAddsOnlyOurManifests() throws Exception {
        Path home = StoreFixtures.kitStore(Files.createDirectories(work.resolve("mixed")));
        LocalStore store = new LocalStore(home);
        InstallResult r = store.install(basic.layoutDirectory(), StoreReference.parse("basic:2.0.0"));
        assertThat(r.blobsAdded()).isEqualTo(1); // the manifest; layers and config are kit's, shared
        assertThat(store.list()).extracting(ListedModelKit::tag).containsExactly("1.0.0", "latest", "2.0.0", "v1");
        assertThat(r.filesChanged()).containsExactlyInAnyOrder("blobs/sha256/" + hex(basic), "index.json",
                BASIC_STEM + "-index.json", BASIC_STEM + "-tags.json");
    }

    private static String hex(PackResult r) {
        return r.manifestDescriptor().digest().hex();
    }

    private static String withOurManifests(Path kitFile) throws Exception {
        return Files.readString(kitFile)
                .replace(KIT_BASIC + "\",\"size\":1182", hex(basic) + "\",\"size\":" + basic.manifestDescriptor().size())
                .replace(KIT_PARTS + "\",\"size\":1395", hex(parts) + "\",\"size\":" + parts.manifestDescriptor().size());
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> out = new java.util.ArrayList<>(list);
        out.add(extra);
        return out;
    }
}
