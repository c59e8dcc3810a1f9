package dev.modelkit.oci;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON for manifests and indexes with a fixed field order (that of the image-spec's Go structs), so the
 * same manifest always has the same digest.
 */
public final class OciJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private OciJson() {
    }

    /** One index.json entry: the manifest descriptor annotated with a tag. */
    public record IndexEntry(Descriptor manifest) {
    }

    public static byte[] manifest(Manifest m) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", 2);
            g.writeStringField("mediaType", m.mediaType());
            if (m.artifactType() != null) {
                g.writeStringField("artifactType", m.artifactType());
            }
            g.writeFieldName("config");
            descriptor(g, m.config());
            g.writeArrayFieldStart("layers");
            for (Descriptor d : m.layers()) {
                descriptor(g, d);
            }
            g.writeEndArray();
            annotations(g, m.annotations());
            g.writeEndObject();
        });
    }

    public static byte[] index(List<Descriptor> manifests) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", 2);
            g.writeStringField("mediaType", MediaTypes.OCI_INDEX);
            g.writeArrayFieldStart("manifests");
            for (Descriptor d : manifests) {
                descriptor(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    public static byte[] ociLayout() {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("imageLayoutVersion", "1.0.0");
            g.writeEndObject();
        });
    }

    static void descriptor(JsonGenerator g, Descriptor d) throws IOException {
        g.writeStartObject();
        g.writeStringField("mediaType", d.mediaType());
        g.writeStringField("digest", d.digest().toString());
        g.writeNumberField("size", d.size());
        annotations(g, d.annotations());
        if (d.artifactType() != null) {
            g.writeStringField("artifactType", d.artifactType());
        }
        g.writeEndObject();
    }

    private static void annotations(JsonGenerator g, Map<String, String> annotations) throws IOException {
        if (annotations.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("annotations");
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
