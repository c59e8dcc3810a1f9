package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive order on a layout holding more than one ModelKit: several manifests, shared and stray blobs. */
class OciArchiveOrderTest {

    @TempDir
    Path dir;

    private Descriptor blob(OciLayoutWriter w, String mediaType, String content) throws IOException {
        OciLayoutWriter.Written b = w.writeBlob(content.getBytes(StandardCharsets.UTF_8));
        return new Descriptor(mediaType, b.digest(), b.size());
    }

    private Descriptor manifest(OciLayoutWriter w, Descriptor config, List<Descriptor> layers, String tag)
            throws IOException {
        OciLayoutWriter.Written b = w.writeBlob(OciJson.manifest(new Manifest(null, config, layers, Map.of())));
        return new Descriptor(MediaTypes.OCI_MANIFEST, b.digest(), b.size())
                .withAnnotations(Map.of(OciLayoutReader.REF_NAME, tag));
    }

    @Test
    void manifestsInIndexOrderEachBlobOnceThenStrayBlobsSortedAndIndexLast() throws Exception {
        Path layout = dir.resolve("layout");
        OciLayoutWriter w = OciLayoutWriter.create(layout);
        String layer = "application/vnd.oci.image.layer.v1.tar";
        Descriptor l1 = blob(w, layer, "layer one");
        Descriptor l2 = blob(w, layer, "layer two");
        Descriptor l3 = blob(w, layer, "layer three");
        Descriptor c1 = blob(w, "application/vnd.oci.image.config.v1+json", "{\"c\":1}");
        Descriptor c2 = blob(w, "application/vnd.oci.image.config.v1+json", "{\"c\":2}");
        Descriptor m1 = manifest(w, c1, List.of(l2, l1), "one");
        Descriptor m2 = manifest(w, c2, List.of(l1, l3, l1), "two");
        Descriptor strayA = blob(w, layer, "stray a");
        Descriptor strayB = blob(w, layer, "stray b");
        Files.writeString(layout.resolve("blobs/sha256/.blob-123.tmp"), "a writer's temporary file");
        w.writeIndex(List.of(m2, m1));

        List<String> strays = new ArrayList<>(List.of(strayA.digest().hex(), strayB.digest().hex()));
        strays.sort(null);
        List<String> expected = new ArrayList<>(List.of(l1.digest().hex(), l3.digest().hex(), c2.digest().hex(),
                m2.digest().hex(), l2.digest().hex(), c1.digest().hex(), m1.digest().hex()));
        expected.addAll(strays);
        assertThat(OciArchiveOrder.blobs(layout)).containsExactlyElementsOf(expected);

        Path archive = dir.resolve("a.tar");
        OciArchiveWriter.write(layout, archive, 0);
        List<String> names = new ArrayList<>(List.of("oci-layout", "blobs", "blobs/sha256"));
        expected.forEach(hex -> names.add("blobs/sha256/" + hex));
        names.add("index.json");
        assertThat(gnuTarList(archive)).containsExactlyElementsOf(names);
        try (OciLayoutReader reader = OciLayoutReader.open(archive, "one")) {
            assertThat(Digest.of(reader.manifestBytes())).isEqualTo(m1.digest());
        }
    }

    private static List<String> gnuTarList(Path archive) throws Exception {
        Process p = new ProcessBuilder("tar", "-tf", archive.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
