package dev.modelkit.store;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.pack.PackResult;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Installs are idempotent, refuse corrupt input, and concurrent writers (threads, processes) all land. */
class StoreSafetyTest {

    @TempDir
    static Path work;
    static PackResult basic;
    static PackResult parts;

    @BeforeAll
    static void pack() throws Exception {
        Path trees = Golden.buildTrees(work.resolve("trees"));
        basic = StoreFixtures.pack(trees.resolve("basic"), work.resolve("out-basic"));
        parts = StoreFixtures.pack(trees.resolve("parts"), work.resolve("out-parts"));
    }

    @Test
    void reinstallingChangesNoFile(@TempDir Path home) throws Exception {
        LocalStore store = new LocalStore(home);
        InstallResult first = store.install(basic.layoutDirectory(), StoreReference.parse("basic:1.0.0,latest"));
        assertThat(first.blobsAdded()).isEqualTo(6);
        Map<String, String> before = StoreFixtures.snapshot(store.storage());
        Thread.sleep(20); // so a rewrite would show in mtimes even on coarse clocks

        InstallResult again = store.install(basic.layoutDirectory(), StoreReference.parse("basic:latest,1.0.0"));

        assertThat(again.blobsAdded()).isZero();
        assertThat(again.blobsPresent()).isEqualTo(6);
        assertThat(again.filesChanged()).isEmpty();
        assertThat(StoreFixtures.snapshot(store.storage())).isEqualTo(before);
    }

    @Test
    void anExistingBlobIsNeverRewritten(@TempDir Path home) throws Exception {
        LocalStore store = new LocalStore(home);
        store.install(basic.layoutDirectory(), StoreReference.parse("basic:1"));
        Descriptor layer = basic.manifest().layers().get(0);
        Path blob = store.blobPath(layer.digest());
        Map<String, String> before = StoreFixtures.snapshot(blob);

        InstallResult other = store.install(basic.layoutDirectory(), StoreReference.parse("other/name:2"));

        assertThat(other.blobsAdded()).isZero();
        assertThat(other.filesChanged()).doesNotContain("blobs/sha256/" + layer.digest().hex());
        assertThat(StoreFixtures.snapshot(blob)).isEqualTo(before);
    }

    @Test
    void aCorruptBlobIsRefusedAndNothingEntersTheStore(@TempDir Path tmp) throws Exception {
        Path layout = tmp.resolve("layout");
        copyTree(basic.layoutDirectory(), layout);
        Descriptor layer = basic.manifest().layers().get(1);
        try (RandomAccessFile f = new RandomAccessFile(
                layout.resolve("blobs/sha256/" + layer.digest().hex()).toFile(), "rw")) {
            f.seek(600);
            int b = f.read();
            f.seek(600);
            f.write(b ^ 1); // same size, different bytes
        }
        LocalStore store = new LocalStore(tmp.resolve("home"));

        assertThatThrownBy(() -> store.install(layout, StoreReference.parse("basic:1")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(layer.digest().toString()).hasMessageContaining("corrupt");

        assertThat(StoreFixtures.files(store.storage())).isEmpty();
    }

    @Test
    void aMissingBlobIsRefused(@TempDir Path tmp) throws Exception {
        Path layout = tmp.resolve("layout");
        copyTree(basic.layoutDirectory(), layout);
        Files.delete(layout.resolve("blobs/sha256/" + basic.manifest().config().digest().hex()));
        LocalStore store = new LocalStore(tmp.resolve("home"));
        assertThatThrownBy(() -> store.install(layout, StoreReference.parse("basic:1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("missing");
        assertThat(StoreFixtures.files(store.storage())).isEmpty();
    }

    @Test
    void noLayoutIsAClearError(@TempDir Path tmp) {
        assertThatThrownBy(() -> new LocalStore(tmp).install(tmp.resolve("nope"), StoreReference.parse("a:1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("run the pack goal");
    }

    @Test
    void threadsInstallingIntoOneStoreAllLand(@TempDir Path home) throws Exception {
        int perWriter = 8;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> jobs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                PackResult kit = w % 2 == 0 ? basic : parts;
                String repo = w % 2 == 0 ? "shared" : "registry.example.com/team/parts";
                String prefix = "t" + w + "-";
                jobs.add(() -> {
                    LocalStore store = new LocalStore(home); // one instance per writer, as separate builds have
                    for (int i = 0; i < perWriter; i++) {
                        store.install(kit.layoutDirectory(), StoreReference.parse(repo + ":" + prefix + i));
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(jobs)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertAllTagsLanded(home, "shared", List.of("t0-", "t2-"), perWriter);
        assertAllTagsLanded(home, "registry.example.com/team/parts", List.of("t1-", "t3-"), perWriter);
    }

    @Test
    void separateProcessesInstallingIntoOneStoreAllLand(@TempDir Path home) throws Exception {
        int perWriter = 10;
        List<Process> processes = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            processes.add(javaProcess(home, basic.layoutDirectory(), "shared", "p" + w + "-", perWriter));
        }
        processes.add(javaProcess(home, parts.layoutDirectory(), "other", "p-", perWriter));
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        }
        assertAllTagsLanded(home, "shared", List.of("p0-", "p1-"), perWriter);
        assertAllTagsLanded(home, "other", List.of("p-"), perWriter);
    }

    private static void assertAllTagsLanded(Path home, String repo, List<String> prefixes, int n) throws Exception {
        LocalStore store = new LocalStore(home);
        List<String> expected = prefixes.stream()
                .flatMap(p -> IntStream.range(0, n).mapToObj(i -> p + i)).sorted().toList();
        String shown = StoreReference.display(StoreReference.parse(repo + ":x").get(0).repositoryKey());
        assertThat(store.list().stream().filter(r -> r.repository().equals(shown)).map(ListedModelKit::tag).sorted())
                .containsExactlyElementsOf(expected);
        assertThat(StoreFixtures.files(store.storage().resolve("ingest"))).isEmpty();
        // every blob in the store is intact
        for (String blob : StoreFixtures.files(store.storage().resolve("blobs"))) {
            Path p = store.storage().resolve("blobs").resolve(blob);
            assertThat(dev.modelkit.oci.Digest.of(Files.readAllBytes(p)).hex()).isEqualTo(p.getFileName().toString());
        }
        assertThat(Files.readString(store.storage().resolve("index.json"))).startsWith("{\"schemaVersion\":2");
    }

    private static Process javaProcess(Path home, Path layout, String repo, String prefix, int n) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath,
                StoreInstallMain.class.getName(), home.toString(), layout.toString(), repo, prefix,
                Integer.toString(n))).redirectErrorStream(true).start();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        for (String f : StoreFixtures.files(from)) {
            Files.createDirectories(to.resolve(f).getParent());
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }
}
