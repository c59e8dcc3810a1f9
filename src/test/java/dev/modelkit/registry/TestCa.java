package dev.modelkit.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throwaway CA and a server certificate for 127.0.0.1 made with openssl, for TLS tests only. */
final class TestCa {

    private TestCa() {
    }

    /** Returns {ca.pem, server.pem, server.key}. */
    static Path[] make(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.pem");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        TestRegistry.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=modelkit test CA", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"),
                dir);
        TestRegistry.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", key.toString(), "-out", csr.toString()), dir);
        TestRegistry.run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(),
                "-out", cert.toString()), dir);
        return new Path[]{ca, cert, key};
    }
}
