package dev.modelkit.kitfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kitfile as kit's config blob: Go's encoding/json of kit's structs. Field order is struct order; empty fields
 * are omitted (omitempty) except {@code package} (a struct, which encoding/json never omits) and
 * {@code manifestVersion} and {@code docs[].path}, whose tags lack omitempty.
 */
public final class KitfileJson {

    private KitfileJson() {
    }

    /**
     * The config blob bytes, exactly as kit writes them (compact, no trailing newline).
     *
     * @throws IllegalArgumentException when parameters hold NaN or an infinity, which kit cannot write either
     */
    public static byte[] toJson(Kitfile k) {
        Obj top = new Obj();
        // No omitempty on manifestVersion in kit's struct: written even when empty.
        top.always("manifestVersion", new GoJsonWriter().string(Strings.orEmpty(k.manifestVersion())));
        top.always("package", pkg(k.pkg()));
        if (k.model() != null) {
            top.always("model", model(k.model()));
        }
        top.list("code", k.code(), c -> {
            Obj o = new Obj();
            o.str("path", c.path());
            o.str("description", c.description());
            o.str("license", c.license());
            return o.layerInfo(c.layerInfo());
        });
        top.list("datasets", k.datasets(), d -> {
            Obj o = new Obj();
            o.str("name", d.name());
            o.str("path", d.path());
            o.str("remotePath", d.remotePath());
            o.str("remoteHash", d.remoteHash());
            o.str("description", d.description());
            o.str("license", d.license());
            o.parameters(d.parameters());
            return o.layerInfo(d.layerInfo());
        });
        top.list("docs", k.docs(), d -> {
            Obj o = new Obj();
            o.always("path", new GoJsonWriter().string(Strings.orEmpty(d.path())));
            o.str("description", d.description());
            return o.layerInfo(d.layerInfo());
        });
        top.list("prompts", k.prompts(), p -> {
            Obj o = new Obj();
            o.str("name", p.name());
            o.str("path", p.path());
            o.str("description", p.description());
            return o.layerInfo(p.layerInfo());
        });
        return top.write().toBytes();
    }

    /**
     * Reads a config blob back, with its LayerInfo. Strict: unknown keys, wrong types and duplicate keys are
     * problems (Go's json.Unmarshal would ignore unknown keys; a config this plugin does not understand fully is
     * better refused than silently rewritten). JSON numbers in parameters become Double, as in Go.
     */
    public static Kitfile read(byte[] json) throws KitfileException {
        return read(json, "config");
    }

    /** Like {@link #read(byte[])}, naming the blob {@code source} in problems. */
    public static Kitfile read(byte[] json, String source) throws KitfileException {
        List<KitfileProblem> problems = new ArrayList<>();
        TreeNode root = new JsonTreeReader(problems).read(json);
        Kitfile k = root == null ? null : new KitfileBinder(true, problems).bind(root);
        if (!problems.isEmpty() || k == null) {
            throw new KitfileException(source, problems);
        }
        return k;
    }

    private static GoJsonWriter pkg(PackageInfo p) {
        Obj o = new Obj();
        o.str("name", p.name());
        o.str("version", p.version());
        o.str("description", p.description());
        o.str("license", p.license());
        if (p.authors() != null && !p.authors().isEmpty()) {
            GoJsonWriter w = new GoJsonWriter().raw("[");
            for (int i = 0; i < p.authors().size(); i++) {
                w.raw(i > 0 ? "," : "").string(Strings.orEmpty(p.authors().get(i)));
            }
            o.always("authors", w.raw("]"));
        }
        return o.write();
    }

    private static GoJsonWriter model(Model m) {
        Obj o = new Obj();
        o.str("name", m.name());
        o.str("path", m.path());
        o.str("license", m.license());
        o.str("framework", m.framework());
        o.str("format", m.format());
        o.str("version", m.version());
        o.str("description", m.description());
        o.list("parts", m.parts(), p -> {
            Obj po = new Obj();
            po.str("name", p.name());
            po.str("path", p.path());
            po.str("license", p.license());
            po.str("type", p.type());
            return po.layerInfo(p.layerInfo());
        });
        o.parameters(m.parameters());
        return o.layerInfo(m.layerInfo()).write();
    }

    /** Builds one JSON object field by field, in the order the fields are offered. */
    private static final class Obj {
        private final GoJsonWriter w = new GoJsonWriter().raw("{");
        private boolean first = true;

        private GoJsonWriter key(String name) {
            w.raw(first ? "" : ",").string(name).raw(":");
            first = false;
            return w;
        }

        void str(String name, String value) {
            if (!Strings.isEmpty(value)) {
                key(name).string(value);
            }
        }

        void always(String name, GoJsonWriter value) {
            key(name).raw(value.text());
        }

        /** Parameters are a Go {@code any}: omitempty drops only nil, so an empty map is still written. */
        void parameters(Parameters p) {
            if (p != null) {
                key("parameters").value(p.value());
            }
        }

        Obj layerInfo(LayerInfo info) {
            if (info != null) {
                str("digest", info.digest());
                str("diffId", info.diffId());
            }
            return this;
        }

        interface ItemWriter<T> {
            Obj write(T item);
        }

        <T> void list(String name, List<T> items, ItemWriter<T> writer) {
            if (items == null || items.isEmpty()) {
                return;
            }
            GoJsonWriter lw = new GoJsonWriter().raw("[");
            for (int i = 0; i < items.size(); i++) {
                lw.raw(i > 0 ? "," : "").raw(writer.write(items.get(i)).write().text());
            }
            always(name, lw.raw("]"));
        }

        GoJsonWriter write() {
            return w.raw("}");
        }
    }
}
