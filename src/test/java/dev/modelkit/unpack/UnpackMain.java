package dev.modelkit.unpack;

import dev.modelkit.BuildLog;
import dev.modelkit.oci.OciLayoutReader;

import java.nio.file.Path;

/** Runs one unpack in a separate JVM (for heap-limit tests): {@code UnpackMain <layout> <out>}. */
public final class UnpackMain {

    private UnpackMain() {
    }

    public static void main(String[] args) throws Exception {
        try (OciLayoutReader reader = OciLayoutReader.open(Path.of(args[0]))) {
            UnpackResult r = new Unpacker(BuildLog.SILENT).unpack(reader,
                    new UnpackRequest(Path.of(args[1]), null, null));
            System.out.println("files " + r.files() + " heap " + Runtime.getRuntime().maxMemory());
        }
    }
}
