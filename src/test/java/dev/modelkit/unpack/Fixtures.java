package dev.modelkit.unpack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Manifest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciJson;
import dev.modelkit.oci.OciLayoutWriter;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.pack.Packer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds artifacts for unpack tests: packed by our Packer, or written by hand (hostile ones included). */
final class Fixtures {

    private Fixtures() {
    }

    /** Packs {@code context}/Kitfile into {@code out}/modelkit (layout) and {@code out}/modelkit.tar (archive). */
    static PackResult pack(Path context, Path out, Compression compression) throws Exception {
        PackRequest request = new PackRequest(context.resolve("Kitfile"), context, List.of(context.resolve("target")),
                out.resolve("modelkit"), out.resolve("modelkit.tar"), out.resolve("modelkit.digest"),
                out.resolve("modelkit.json"), ArtifactFormat.MODELKIT, LayerFormat.TAR, compression, "test",
                List.of("v1"), Optional.empty(), SymlinkPolicy.FOLLOW, null, Map.of());
        return new Packer(BuildLog.SILENT).pack(request);
    }

    /**
     * The same blobs with no {@link ArtifactSource#blobRegion}: what a registry gives, so the unpacker streams every
     * blob through once instead of untarring and hashing a local file on two threads.
     */
    static ArtifactSource streamOnly(ArtifactSource source) {
        return new ArtifactSource() {
            @Override
            public String description() {
                return source.description();
            }

            @Override
            public Descriptor manifestDescriptor() throws IOException {
                return source.manifestDescriptor();
            }

            @Override
            public InputStream openBlob(Descriptor descriptor) throws IOException {
                return source.openBlob(descriptor);
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    /** A hand-written OCI layout: add blobs, then write the manifest and index. */
    static final class Layout {
        final Path root;
        final OciLayoutWriter writer;

        Layout(Path root) throws IOException {
            this.root = root;
            this.writer = OciLayoutWriter.create(root);
        }

        Descriptor blob(String mediaType, byte[] content) throws IOException {
            OciLayoutWriter.Written w = writer.writeBlob(content);
            return new Descriptor(mediaType, w.digest(), w.size());
        }

        /** Writes the manifest (with mediaType, as our writer does) and an index pointing at it. */
        Descriptor manifest(String artifactType, Descriptor config, List<Descriptor> layers,
                            Map<String, String> annotations) throws IOException {
            byte[] json = OciJson.manifest(new Manifest(artifactType, config, layers, annotations));
            return index(json);
        }

        /** Any manifest bytes (kit's style without mediaType, legacy, ...). */
        Descriptor index(byte[] manifestJson) throws IOException {
            Descriptor m = blob(MediaTypes.OCI_MANIFEST, manifestJson)
                    .withAnnotations(Map.of("org.opencontainers.image.ref.name", "v1"));
            writer.writeIndex(List.of(m));
            return m;
        }

        void corrupt(Descriptor d, java.util.function.UnaryOperator<byte[]> change) throws IOException {
            Path p = writer.blobPath(d.digest());
            Files.write(p, change.apply(Files.readAllBytes(p)));
        }
    }

    /** A tar written header by header, so tests can make entries no well-behaved writer would. */
    static final class RawTar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RawTar file(String name, String content) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            header(name, '0', 0644, data.length, "");
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        RawTar dir(String name) {
            header(name, '5', 0755, 0, "");
            return this;
        }

        RawTar link(String name, char type, String target) {
            header(name, type, 0777, 0, target);
            return this;
        }

        RawTar header(String name, char type, int mode, long size, String link) {
            byte[] h = new byte[512];
            put(h, 0, 100, name);
            put(h, 100, 8, String.format("%07o", mode));
            put(h, 108, 8, String.format("%07o", 1000));
            put(h, 116, 8, String.format("%07o", 0));
            put(h, 124, 12, String.format("%011o", size));
            put(h, 136, 12, String.format("%011o", 0));
            h[156] = (byte) type;
            put(h, 157, 100, link);
            put(h, 257, 6, "ustar\0");
            put(h, 263, 2, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, 8, String.format("%06o\0 ", sum));
            out.writeBytes(h);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(out.toByteArray());
            copy.writeBytes(new byte[1024]);
            return copy.toByteArray();
        }

        private static void put(byte[] h, int off, int len, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, Math.min(len, b.length));
        }
    }

    /** Every path below {@code root} ('/'-separated, folders end in '/'), with file modes, sorted. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "symlink");
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel + "/", "dir");
                } else {
                    out.put(rel, "file " + mode(p));
                }
            }
        }
        return out;
    }

    static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        PosixFilePermission[] order = {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if (perms.contains(order[i])) {
                mode |= 0400 >> i;
            }
        }
        return mode;
    }

    static List<String> names(Path root) throws IOException {
        return new ArrayList<>(tree(root).keySet());
    }
}
