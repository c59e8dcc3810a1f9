package dev.modelkit.pack;

import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the archive was written from (the layout's index.json digest and the entry time) and what it looked like
 * afterwards (size, modification time). When both still hold, the archive already holds this layout: the tar
 * of a layout is a function of its index (which names every blob by digest) and the time stamped on entries.
 */
record ArchiveState(String indexDigest, long mtimeSeconds) {

    static ArchiveState of(Path layout, long mtimeSeconds) throws IOException {
        return new ArchiveState(Digest.of(Files.readAllBytes(layout.resolve("index.json"))).toString(), mtimeSeconds);
    }

    boolean matches(Path stateFile, Path archive) {
        try {
            return Files.isRegularFile(stateFile) && Files.isRegularFile(archive)
                    && Files.readString(stateFile).equals(describe(archive));
        } catch (IOException e) {
            return false;
        }
    }

    void record(Path stateFile, Path archive) throws IOException {
        Files.createDirectories(stateFile.getParent());
        OciLayoutWriter.writeAtomically(stateFile, describe(archive).getBytes(StandardCharsets.UTF_8));
    }

    private String describe(Path archive) throws IOException {
        return "{\"index\":\"" + indexDigest + "\",\"mtime\":" + mtimeSeconds + ",\"archive\":\""
                + archive.toAbsolutePath() + "\",\"size\":" + Files.size(archive) + ",\"modified\":"
                + Files.getLastModifiedTime(archive).to(TimeUnit.NANOSECONDS) + "}\n";
    }
}
