package dev.modelkit.unpack;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Formats not produced by our packer yet, built by hand: raw layers, ModelPacks without a Kitfile (both identifier
 * families, both diffId keys, kit-style manifests without mediaType), legacy Kitfiles without LayerInfo.
 */
class FormatsTest {

    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    UnpackResult unpack(Path layout, Path out, RecordingLog log) throws Exception {
        try (OciLayoutReader reader = OciLayoutReader.open(layout)) {
            return new Unpacker(log).unpack(reader, new UnpackRequest(out, null, null));
        }
    }

    /** A ModelPack like modctl writes: raw weight and config layers, a tar doc, no Kitfile annotation. */
    Path modelPack(String family, String diffIdKey, boolean withMediaType, int extraDiffIds) throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("mp"));
        String prefix = "application/vnd." + family + ".model.";
        String annotation = "org." + family + ".model.filepath";
        byte[] weight = utf8("weights!");
        byte[] config = utf8("{\"a\":1}");
        byte[] weight2 = utf8("more weights");
        byte[] doc = new Fixtures.RawTar().dir("docs").file("docs/README.md", "read me").bytes();
        List<Descriptor> layers = List.of(
                layout.blob(prefix + "weight.config.v1.raw", config).withAnnotations(Map.of(annotation, "config.json",
                        "org." + family + ".model.file.metadata+json",
                        "{\"name\":\"config.json\",\"mode\":384,\"uid\":0,\"gid\":0,\"size\":7,\"typeflag\":0}")),
                layout.blob(prefix + "weight.v1.raw", weight).withAnnotations(Map.of(annotation, "model/w1.bin")),
                layout.blob(prefix + "weight.v1.raw", weight2).withAnnotations(Map.of(annotation, "model/w2.bin")),
                layout.blob(prefix + "doc.v1.tar", doc).withAnnotations(Map.of(annotation, "docs")));
        List<String> ids = new ArrayList<>();
        for (byte[] b : List.of(config, weight, weight2, doc)) {
            ids.add("\"" + Digest.of(b) + "\"");
        }
        for (int i = 0; i < extraDiffIds; i++) {
            ids.add("\"" + Digest.of(new byte[i]) + "\"");
        }
        byte[] cfg = utf8("{\"descriptor\":{\"name\":\"x\"},\"modelfs\":{\"type\":\"layers\",\"" + diffIdKey + "\":["
                + String.join(",", ids) + "]},\"config\":{}}");
        Descriptor c = layout.blob(prefix + "config.v1+json", cfg);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,");
        if (withMediaType) {
            m.append("\"mediaType\":\"").append(MediaTypes.OCI_MANIFEST).append("\",");
        }
        m.append("\"artifactType\":\"").append(prefix).append("manifest.v1+json\",\"config\":").append(desc(c))
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            m.append(i > 0 ? "," : "").append(desc(layers.get(i)));
        }
        layout.index(utf8(m.append("]}").toString()));
        return layout.root;
    }

    static String desc(Descriptor d) {
        StringBuilder s = new StringBuilder("{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest()
                + "\",\"size\":" + d.size());
        if (!d.annotations().isEmpty()) {
            s.append(",\"annotations\":{");
            int i = 0;
            for (Map.Entry<String, String> e : d.annotations().entrySet()) {
                s.append(i++ > 0 ? "," : "").append('"').append(e.getKey()).append("\":\"")
                        .append(e.getValue().replace("\"", "\\\"")).append('"');
            }
            s.append('}');
        }
        return s.append('}').toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cncf diffIds true", "cnai diff_ids false", "cncf diff_ids false"})
    void modelPackWithoutKitfileGetsOneGenerated(String variant) throws Exception {
        String[] v = variant.split(" ");
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        UnpackResult result = unpack(modelPack(v[0], v[1], Boolean.parseBoolean(v[2]), 0), out, log);
        assertThat(result.modelPack()).isTrue();
        assertThat(result.kitfile()).isNull();
        assertThat(log.warnings()).containsExactly("Artifact does not include Kitfile; none is written");
        assertThat(Fixtures.tree(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "config.json", "file " + 0600, "model/", "dir", "model/w1.bin", "file " + 0644,
                "model/w2.bin", "file " + 0644, "docs/", "dir", "docs/README.md", "file " + 0644));
        assertThat(Files.readString(out.resolve("model/w2.bin"))).isEqualTo("more weights");
        // kit's order: the model (first weight), then parts, ..., docs
        assertThat(result.layers()).containsExactly(1, 0, 2, 3);
    }

    @Test
    void generatedKitfileNeedsOneDiffIdPerLayer() throws Exception {
        Path layout = modelPack("cncf", "diffIds", true, 1);
        assertThatThrownBy(() -> unpack(layout, dir.resolve("out"), new RecordingLog()))
                .isInstanceOf(UnpackException.class)
                .hasMessageContaining("invalid ModelPack config: number of layers (4) does not match diffIds (5)");
    }

    @Test
    void modelPackFilteredByGeneratedPaths() throws Exception {
        Path out = dir.resolve("out");
        try (OciLayoutReader reader = OciLayoutReader.open(modelPack("cncf", "diffIds", true, 0))) {
            new Unpacker(new RecordingLog()).unpack(reader, new UnpackRequest(out,
                    List.of(UnpackFilter.parse("model:model/w2.bin")), null));
        }
        assertThat(Fixtures.names(out)).containsExactly("model/", "model/w2.bin");
    }

    /** kit &lt; 0.5: no LayerInfo, tar names relative to the element's parent folder, layers paired by position. */
    @Test
    void legacyKitfilePairsLayersByPosition() throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("legacy"));
        Descriptor model = layout.blob(MediaTypes.modelKitLayer("model", "tar", ""),
                new Fixtures.RawTar().file("model.bin", "M").bytes());
        Descriptor data1 = layout.blob(MediaTypes.modelKitLayer("dataset", "tar", ""),
                new Fixtures.RawTar().file("a.csv", "A").bytes());
        Descriptor data2 = layout.blob(MediaTypes.modelKitLayer("dataset", "tar", ""),
                new Fixtures.RawTar().file("b.csv", "B").bytes());
        Descriptor unknown = layout.blob("application/x-something", utf8("?"));
        byte[] config = utf8("{\"manifestVersion\":\"0.3\",\"package\":{\"name\":\"old\"},"
                + "\"model\":{\"name\":\"m\",\"path\":\"models/model.bin\"},"
                + "\"datasets\":[{\"name\":\"one\",\"path\":\"data/one/a.csv\"},"
                + "{\"name\":\"remote\",\"path\":\"r\",\"remotePath\":\"s3://x/y\"},"
                + "{\"name\":\"two\",\"path\":\"data/two/b.csv\"}]}");
        Descriptor c = layout.blob(MediaTypes.MODELKIT_CONFIG, config);
        // Legacy manifests: no mediaType, no artifactType.
        layout.index(utf8("{\"schemaVersion\":2,\"config\":" + desc(c) + ",\"layers\":[" + desc(model) + ","
                + desc(data1) + "," + desc(unknown) + "," + desc(data2) + "]}"));
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        unpack(layout.root, out, log);
        assertThat(Fixtures.names(out)).containsExactly("Kitfile", "data/", "data/one/", "data/one/a.csv",
                "data/two/", "data/two/b.csv", "models/", "models/model.bin");
        assertThat(log.warnings()).anyMatch(w -> w.contains("unknown media type application/x-something"));
    }

    @Test
    void legacyLayerWithoutKitfileEntryIsAnError() throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("legacy"));
        Descriptor doc = layout.blob(MediaTypes.modelKitLayer("docs", "tar", ""),
                new Fixtures.RawTar().file("README.md", "r").bytes());
        Descriptor c = layout.blob(MediaTypes.MODELKIT_CONFIG,
                utf8("{\"manifestVersion\":\"0.3\",\"package\":{},\"model\":{\"path\":\"m.bin\"}}"));
        layout.index(utf8("{\"schemaVersion\":2,\"config\":" + desc(c) + ",\"layers\":[" + desc(doc) + "]}"));
        assertThatThrownBy(() -> unpack(layout.root, dir.resolve("out"), new RecordingLog()))
                .hasMessageContaining("layer 0").hasMessageContaining("no matching Kitfile entry");
    }

    @Test
    void rawModelKitLayerCompressed() throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("raw"));
        byte[] file = utf8("raw model bytes");
        Descriptor l = layout.blob(MediaTypes.modelKitLayer("model", "raw", "+gzip"), HostileInputTest.gzip(file))
                .withAnnotations(Map.of("org.cncf.model.filepath", "models/m.bin",
                        "org.cncf.model.file.metadata+json", "{\"name\":\"m.bin\",\"mode\":493,\"size\":15}"));
        Descriptor c = layout.blob(MediaTypes.MODELKIT_CONFIG, utf8("{\"manifestVersion\":\"1.0.0\",\"package\":{},"
                + "\"model\":{\"path\":\"models/m.bin\",\"digest\":\"" + l.digest() + "\",\"diffId\":\""
                + Digest.of(file) + "\"}}"));
        layout.manifest(MediaTypes.MODELKIT_ARTIFACT, c, List.of(l), Map.of());
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        unpack(layout.root, out, log);
        assertThat(Files.readString(out.resolve("models/m.bin"))).isEqualTo("raw model bytes");
        assertThat(Fixtures.mode(out.resolve("models/m.bin"))).isEqualTo(0755);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void rawSizeDisagreeingWithMetadataFails() throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("raw"));
        byte[] file = utf8("12345");
        Descriptor l = layout.blob(MediaTypes.modelPackLayer("weight", "raw", ""), file)
                .withAnnotations(Map.of("org.cncf.model.filepath", "m.bin",
                        "org.cncf.model.file.metadata+json", "{\"size\":6}"));
        Descriptor c = layout.blob(MediaTypes.MODELPACK_CONFIG, utf8("{\"modelfs\":{\"diffIds\":[\""
                + Digest.of(file) + "\"]}}"));
        layout.manifest(MediaTypes.MODELPACK_ARTIFACT, c, List.of(l), Map.of());
        assertThatThrownBy(() -> unpack(layout.root, dir.resolve("out"), new RecordingLog()))
                .hasMessageContaining("raw file 'm.bin' has 5 bytes but its metadata says 6");
        assertThat(dir.resolve("out/m.bin")).doesNotExist();
    }

    @Test
    void compressedRawModelPackLayerIsRefused() {
        assertThatThrownBy(() -> LayerType.parse("application/vnd.cncf.model.weight.v1.raw+gzip"))
                .hasMessageContaining("does not support compression for raw layers");
    }

    @Test
    void kitfileDiffIdMismatchOnlyWarns() throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("l"));
        byte[] tar = new Fixtures.RawTar().file("a.txt", "a").bytes();
        Descriptor l = layout.blob(HostileInputTest.TAR, tar);
        HostileInputTest.finish(layout, l, Digest.of(utf8("something else")));
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        unpack(layout.root, out, log);
        assertThat(out.resolve("a.txt")).hasContent("a");
        assertThat(log.warnings()).singleElement().asString().contains("Kitfile records diffId");
    }
}
