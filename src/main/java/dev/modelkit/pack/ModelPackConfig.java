package dev.modelkit.pack;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.modelkit.kitfile.CodeEntry;
import dev.modelkit.kitfile.Dataset;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.ModelPart;
import dev.modelkit.kitfile.PackageInfo;
import dev.modelkit.oci.Digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The CNCF ModelPack config ({@code application/vnd.cncf.model.config.v1+json}):
 * {@code {"descriptor":{...},"modelfs":{"type":"layers","diffIds":[...]},"config":{...}}} in the order of the
 * model-spec's Go structs. Unlike kit 1.10, diffIds are the sha256 of each uncompressed layer, and
 * {@code createdAt} comes only from the output timestamp, so the config is reproducible.
 */
final class ModelPackConfig {

    private ModelPackConfig() {
    }

    static byte[] toJson(Kitfile kitfile, List<Digest> diffIds, Optional<Instant> created, String sourceUrl,
                         String revision) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            descriptor(g, kitfile, created, sourceUrl, revision);
            g.writeObjectFieldStart("modelfs");
            g.writeStringField("type", "layers");
            g.writeArrayFieldStart("diffIds");
            for (Digest d : diffIds) {
                g.writeString(d.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
            config(g, kitfile);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void descriptor(JsonGenerator g, Kitfile k, Optional<Instant> created, String sourceUrl,
                                   String revision) throws IOException {
        PackageInfo p = k.pkg();
        g.writeObjectFieldStart("descriptor");
        if (created.isPresent()) {
            g.writeStringField("createdAt", DateTimeFormatter.ISO_INSTANT.format(created.get()));
        }
        if (p.authors() != null && !p.authors().isEmpty()) {
            g.writeArrayFieldStart("authors");
            for (String a : p.authors()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        stringField(g, "name", p.name());
        stringField(g, "version", p.version());
        stringField(g, "title", p.name());
        stringField(g, "description", p.description());
        stringField(g, "sourceURL", sourceUrl);
        stringField(g, "revision", revision);
        List<String> licenses = licenses(k);
        if (!licenses.isEmpty()) {
            g.writeArrayFieldStart("licenses");
            for (String l : licenses) {
                g.writeString(l);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void config(JsonGenerator g, Kitfile k) throws IOException {
        g.writeObjectFieldStart("config");
        if (k.model() != null) {
            Object params = k.model().parameters() == null ? null : k.model().parameters().value();
            Map<?, ?> map = params instanceof Map<?, ?> m ? m : Map.of();
            parameterField(g, map, "architecture");
            stringField(g, "format", k.model().format());
            parameterField(g, map, "paramSize");
            parameterField(g, map, "precision");
            parameterField(g, map, "quantization");
        }
        g.writeEndObject();
    }

    /** A model parameter the model-spec config also has, copied when the Kitfile gives it as a string. */
    private static void parameterField(JsonGenerator g, Map<?, ?> parameters, String key) throws IOException {
        if (parameters.get(key) instanceof String s && !s.isEmpty()) {
            g.writeStringField(key, s);
        }
    }

    /** kit's collectLicenses: the non-empty licenses of package, model, parts, datasets and code, sorted, unique. */
    static List<String> licenses(Kitfile k) {
        TreeSet<String> all = new TreeSet<>();
        add(all, k.pkg().license());
        if (k.model() != null) {
            add(all, k.model().license());
            for (ModelPart part : orEmpty(k.model().parts())) {
                add(all, part.license());
            }
        }
        for (Dataset d : orEmpty(k.datasets())) {
            add(all, d.license());
        }
        for (CodeEntry c : orEmpty(k.code())) {
            add(all, c.license());
        }
        return new ArrayList<>(all);
    }

    private static void add(TreeSet<String> set, String value) {
        if (value != null && !value.isEmpty()) {
            set.add(value);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
