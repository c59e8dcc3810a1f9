package dev.modelkit.unpack;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Artifacts built to attack the unpacker. Each fails with a message naming the entry or blob, leaves nothing outside
 * the output folder (the folder around it is listed before and after), and leaves no staging folder behind.
 */
class HostileInputTest {

    static final String TAR = MediaTypes.modelKitLayer("code", "tar", "");

    @TempDir
    Path dir;
    Path around;
    Path out;

    @BeforeEach
    void setUp() throws Exception {
        around = Files.createDirectories(dir.resolve("around"));
        Files.writeString(around.resolve("victim.txt"), "keep me");
        out = around.resolve("out");
    }

    /** A ModelKit whose only element is code "." with this layer. */
    Path modelKit(String mediaType, byte[] layer) throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout-" + System.nanoTime()));
        Descriptor l = layout.blob(mediaType, layer);
        return finish(layout, l, Digest.of(layer));
    }

    static Path finish(Fixtures.Layout layout, Descriptor l, Digest diffId) throws Exception {
        String config = "{\"manifestVersion\":\"1.0.0\",\"package\":{},\"code\":[{\"path\":\".\",\"digest\":\""
                + l.digest() + "\",\"diffId\":\"" + diffId + "\"}]}";
        Descriptor c = layout.blob(MediaTypes.MODELKIT_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        layout.manifest(MediaTypes.MODELKIT_ARTIFACT, c, List.of(l), Map.of());
        return layout.root;
    }

    /**
     * The source the tests read: the layout itself, whose uncompressed blobs are untarred and hashed on two threads.
     * {@link HostileStreamedInputTest} runs every test again through the one-stream path.
     */
    ArtifactSource open(Path layout) throws IOException {
        return OciLayoutReader.open(layout);
    }

    String unpackFails(Path layout) throws Exception {
        Map<String, String> before = Fixtures.tree(around);
        Throwable t;
        try (ArtifactSource reader = open(layout)) {
            t = org.assertj.core.api.Assertions.catchThrowable(
                    () -> new Unpacker(new RecordingLog()).unpack(reader, new UnpackRequest(out, null, null)));
        }
        assertThat(t).isInstanceOf(UnpackException.class);
        // Outside the output folder nothing changed.
        Map<String, String> after = Fixtures.tree(around);
        before.keySet().removeIf(k -> k.startsWith("out/"));
        after.keySet().removeIf(k -> k.startsWith("out/"));
        assertThat(after).isEqualTo(before);
        assertThat(Fixtures.tree(dir.getParent().resolve(dir.getFileName()))).doesNotContainKey("evil.txt");
        if (Files.exists(out)) {
            assertThat(Fixtures.names(out)).noneMatch(n -> n.contains(OutputTree.STAGING_PREFIX));
        }
        return t.getMessage();
    }

    @Test
    void dotDotName() throws Exception {
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().file("../evil.txt", "x").bytes()));
        assertThat(m).contains("entry '../evil.txt'", "'..'");
        assertThat(around.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void dotDotInsideName() throws Exception {
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().dir("a").file("a/../../evil.txt", "x").bytes()));
        assertThat(m).contains("entry 'a/../../evil.txt'");
        assertThat(out.resolve("a")).doesNotExist();
    }

    @Test
    void absoluteName() throws Exception {
        Path target = dir.resolve("abs.txt");
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().file(target.toString(), "x").bytes()));
        assertThat(m).contains("entry '" + target + "'", "absolute");
        assertThat(target).doesNotExist();
    }

    @Test
    void symlinkEntryThenFileThroughIt() throws Exception {
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().link("link", '2', "..")
                .file("link/evil.txt", "x").bytes()));
        assertThat(m).contains("entry 'link'", "symbolic link");
        assertThat(around.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void fileThroughASymlinkAlreadyInTheOutputFolder() throws Exception {
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("link"), around);
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().file("link/evil.txt", "x").bytes()));
        assertThat(m).contains("entry 'link/evil.txt'", "symbolic link");
        assertThat(around.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void hardlink() throws Exception {
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().link("hard", '1', "../victim.txt").bytes()));
        assertThat(m).contains("entry 'hard'", "hard link");
    }

    @Test
    void device() throws Exception {
        String m = unpackFails(modelKit(TAR, new Fixtures.RawTar().link("dev", '3', "").bytes()));
        assertThat(m).contains("entry 'dev'", "device");
    }

    @Test
    void flippedByteLeavesNoFileOfTheLayer() throws Exception {
        byte[] tar = new Fixtures.RawTar().file("a.txt", "aaaa").file("b.txt", "bbbb").bytes();
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(TAR, tar);
        finish(layout, l, Digest.of(tar));
        // The flip lands in the end-of-archive padding: every entry extracts cleanly, only the digest tells.
        layout.corrupt(l, b -> {
            b[b.length - 1] ^= 1;
            return b;
        });
        String m = unpackFails(layout.root);
        assertThat(m).contains("layer 0", l.digest().toString(), "does not match its content");
        assertThat(out.resolve("a.txt")).doesNotExist();
        assertThat(out.resolve("b.txt")).doesNotExist();
    }

    @Test
    void flippedByteInGzipLayer() throws Exception {
        byte[] gz = gzip(new Fixtures.RawTar().file("a.txt", "aaaa").bytes());
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(MediaTypes.modelKitLayer("code", "tar", "+gzip"), gz);
        finish(layout, l, Digest.of(new Fixtures.RawTar().file("a.txt", "aaaa").bytes()));
        layout.corrupt(l, b -> {
            b[b.length / 2] ^= 0x40;
            return b;
        });
        String m = unpackFails(layout.root);
        assertThat(m).contains(l.digest().toString(), "does not match its content");
        assertThat(out.resolve("a.txt")).doesNotExist();
    }

    @Test
    void truncatedBlob() throws Exception {
        byte[] tar = new Fixtures.RawTar().file("a.txt", "aaaa").bytes();
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(TAR, tar);
        finish(layout, l, Digest.of(tar));
        layout.corrupt(l, b -> java.util.Arrays.copyOf(b, 700));
        String m = unpackFails(layout.root);
        assertThat(m).contains(l.digest().toString(), "truncated");
        assertThat(out.resolve("a.txt")).doesNotExist();
    }

    @Test
    void wrongDescriptorSize() throws Exception {
        byte[] tar = new Fixtures.RawTar().file("a.txt", "aaaa").bytes();
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor real = layout.blob(TAR, tar);
        Descriptor lying = new Descriptor(TAR, real.digest(), real.size() - 512);
        finish(layout, lying, Digest.of(tar));
        String m = unpackFails(layout.root);
        assertThat(m).contains(real.digest().toString(), "longer than the " + (real.size() - 512) + " bytes");
        assertThat(out.resolve("a.txt")).doesNotExist();
    }

    @Test
    void rawBlobLongerThanItsDescriptorAndMetadataSay() throws Exception {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor real = layout.blob(MediaTypes.modelKitLayer("code", "raw", ""), content);
        Descriptor lying = new Descriptor(real.mediaType(), real.digest(), 6).withAnnotations(Map.of(
                "org.cncf.model.filepath", "f.txt", "org.cncf.model.file.metadata+json", "{\"mode\":420,\"size\":6}"));
        finish(layout, lying, Digest.of(content));
        // Always the blob's own check, never a race with the metadata's size (both readers see 6 bytes).
        String m = unpackFails(layout.root);
        assertThat(m).contains(real.digest().toString(), "longer than the 6 bytes");
        assertThat(out.resolve("f.txt")).doesNotExist();
    }

    @Test
    void wrongMediaType() throws Exception {
        String m = unpackFails(modelKit("application/vnd.oci.image.layer.v1.tar",
                new Fixtures.RawTar().file("a.txt", "x").bytes()));
        assertThat(m).contains("layer 0", "application/vnd.oci.image.layer.v1.tar", "not a ModelKit or ModelPack layer");
    }

    @Test
    void uncompressedLayerLabelledGzip() throws Exception {
        String m = unpackFails(modelKit(MediaTypes.modelKitLayer("code", "tar", "+gzip"),
                new Fixtures.RawTar().file("a.txt", "x").bytes()));
        assertThat(m).contains("layer 0", "cannot be read");
    }

    @Test
    void rawFilepathClimbingOut() throws Exception {
        byte[] content = "evil".getBytes(StandardCharsets.UTF_8);
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(MediaTypes.modelKitLayer("code", "raw", ""), content)
                .withAnnotations(Map.of("org.cncf.model.filepath", "../../evil.txt"));
        finish(layout, l, Digest.of(content));
        String m = unpackFails(layout.root);
        assertThat(m).contains("raw file path '../../evil.txt'", "'..'");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void rawFilepathAbsolute() throws Exception {
        byte[] content = "evil".getBytes(StandardCharsets.UTF_8);
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(MediaTypes.modelKitLayer("code", "raw", ""), content)
                .withAnnotations(Map.of("org.cncf.model.filepath", dir.resolve("evil.txt").toString()));
        finish(layout, l, Digest.of(content));
        String m = unpackFails(layout.root);
        assertThat(m).contains("absolute");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void hugeLongNameIsRefusedWithoutReadingIt() throws Exception {
        byte[] tar = new Fixtures.RawTar().header("././@LongLink", 'L', 0644, 1L << 40, "").bytes();
        String m = unpackFails(modelKit(TAR, tar));
        assertThat(m).contains("long name", "larger than the limit");
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(b);
        }
        return bytes.toByteArray();
    }
}
