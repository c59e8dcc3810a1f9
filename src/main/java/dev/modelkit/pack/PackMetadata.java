package dev.modelkit.pack;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code target/modelkit.json}: what CI scripts read after a build:
 * {@code {reference, digest, mediaType, artifactType, layers: [{mediaType, digest, diffId, size, path}]}}.
 */
final class PackMetadata {

    private PackMetadata() {
    }

    static byte[] toJson(PackResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("reference", result.reference());
            g.writeStringField("digest", result.manifestDescriptor().digest().toString());
            g.writeStringField("mediaType", result.manifestDescriptor().mediaType());
            g.writeStringField("artifactType", result.manifest().artifactType());
            g.writeArrayFieldStart("layers");
            for (PackedLayer l : result.layers()) {
                g.writeStartObject();
                g.writeStringField("mediaType", l.descriptor().mediaType());
                g.writeStringField("digest", l.descriptor().digest().toString());
                g.writeStringField("diffId", l.diffId().toString());
                g.writeNumberField("size", l.descriptor().size());
                g.writeStringField("path", l.path());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
