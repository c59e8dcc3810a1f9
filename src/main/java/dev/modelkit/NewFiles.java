package dev.modelkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens files to be written from their start, without {@code O_TRUNC} (which {@code Files.newOutputStream} and
 * {@code TRUNCATE_EXISTING} use). On ext4, a file truncated to zero length and then written is flushed to the disk
 * when it is closed ({@code auto_da_alloc}, a guard for programs that replace files in place), and the close waits
 * while that flush is queued: 1.3 s for a 2 GiB layer blob on the bench machine, where {@code cp}, which creates its
 * files without truncating, paid nothing. Our files are new (temporary files, staging files), so truncation is only
 * needed for a file that already has bytes, and only then done.
 */
public final class NewFiles {

    private NewFiles() {
    }

    /** A channel writing {@code file} from its start, created if missing, emptied only if it is not empty. */
    public static FileChannel channel(Path file, OpenOption... more) throws IOException {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        options.addAll(List.of(more));
        FileChannel channel = FileChannel.open(file, options.toArray(OpenOption[]::new));
        try {
            if (channel.size() > 0) {
                channel.truncate(0);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A stream writing {@code file} as {@link #channel} opens it. */
    public static OutputStream outputStream(Path file) throws IOException {
        return Channels.newOutputStream(channel(file));
    }
}
