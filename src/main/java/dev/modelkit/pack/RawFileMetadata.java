package dev.modelkit.pack;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The {@code org.cncf.model.file.metadata+json} annotation of a raw layer:
 * {@code {"name","mode","uid","gid","size","mtime","typeflag"}} in that order. Owner 0/0 and the time from the
 * build's output timestamp (else the epoch), never the file's own, so the manifest stays reproducible.
 */
final class RawFileMetadata {

    static final String ANNOTATION = "org.cncf.model.file.metadata+json";

    private RawFileMetadata() {
    }

    static String json(RawLayer.Source source, Instant mtime) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("name", source.name());
            g.writeNumberField("mode", source.mode());
            g.writeNumberField("uid", 0);
            g.writeNumberField("gid", 0);
            g.writeNumberField("size", source.size());
            // Go's time.Time JSON form (RFC 3339 with nanoseconds only when non-zero), as kit and modctl write it.
            g.writeStringField("mtime", DateTimeFormatter.ISO_INSTANT.format(mtime));
            g.writeNumberField("typeflag", 0); // a regular file (model-spec: 0; readers also accept '0' = 48)
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
