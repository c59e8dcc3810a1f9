package dev.modelkit.pack;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.ZstdEncoder;
import dev.modelkit.layer.LayerEntry;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which blob an unchanged layer produced, so a repeat build neither re-reads the model nor rewrites the
 * blob. The key ("selector", after Jib) hashes everything the blob depends on: the options, and for every entry its
 * name, type, mode, size, modification time (ns) and file identity (device + inode). An entry points at the blob
 * in the previous build's layout; it is used only when that blob is there with the recorded size, and a changed
 * file changes the key, so a wrong entry is never trusted. Entries are small JSON files written atomically.
 */
final class LayerCache {

    /** Bump when anything that shapes blob bytes changes, so old entries stop matching. */
    private static final String FORMAT = "modelkit-layer-cache-1";

    private final Path directory;
    private final Path previousBlobs;

    /**
     * @param directory     where the selector files live (inside the build directory)
     * @param previousLayout the layout of the previous build, whose blobs entries point at
     */
    LayerCache(Path directory, Path previousLayout) {
        this.directory = directory;
        this.previousBlobs = previousLayout.resolve("blobs").resolve("sha256");
    }

    /** A blob found for a selector. */
    record Hit(Digest digest, long size, Digest diffId, Path blob) {
    }

    /** The selector of a planned layer. */
    static String selector(LayerPlan plan, Compression compression, ZstdEncoder zstdEncoder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("compression", compression.kitName());
            if (compression == Compression.ZSTD) {
                g.writeStringField("zstdEncoder", zstdEncoder.userName()); // the two write different bytes
            }
            g.writeStringField("mediaType", plan.mediaType());
            if (plan.raw() != null) {
                g.writeFieldName("raw");
                file(g, plan.raw().relativePath(), "file", plan.raw().mode(), plan.raw().size(), plan.raw().file());
            } else {
                g.writeArrayFieldStart("entries");
                for (LayerEntry e : plan.entries()) {
                    file(g, e.name(), e.type().name(), e.mode(), e.size(), e.source());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return Digest.of(bytes.toByteArray()).hex();
    }

    private static void file(JsonGenerator g, String name, String type, int mode, long size, Path source)
            throws IOException {
        g.writeStartArray();
        g.writeString(name);
        g.writeString(type);
        g.writeNumber(mode);
        g.writeNumber(size);
        if (source != null) {
            BasicFileAttributes a = Files.readAttributes(source, BasicFileAttributes.class);
            g.writeString(source.toAbsolutePath().toString());
            g.writeNumber(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            g.writeString(String.valueOf(a.fileKey()));
            g.writeNumber(a.size());
        }
        g.writeEndArray();
    }

    Optional<Hit> lookup(String selector) {
        Path entry = directory.resolve(selector + ".json");
        try {
            if (!Files.isRegularFile(entry)) {
                return Optional.empty();
            }
            JsonNode json = new ObjectMapper().readTree(entry.toFile());
            Digest digest = Digest.parse(json.path("digest").asText());
            long size = json.path("size").asLong(-1);
            Path blob = previousBlobs.resolve(digest.hex());
            if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS) || Files.size(blob) != size) {
                return Optional.empty();
            }
            return Optional.of(new Hit(digest, size, Digest.parse(json.path("diffId").asText()), blob));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or foreign entry: pack the layer again
        }
    }

    void store(String selector, Packer.LayerBlob blob) throws IOException {
        Files.createDirectories(directory);
        String json = "{\"digest\":\"" + blob.digest() + "\",\"size\":" + blob.size() + ",\"diffId\":\""
                + blob.diffId() + "\"}\n";
        OciLayoutWriter.writeAtomically(directory.resolve(selector + ".json"),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
