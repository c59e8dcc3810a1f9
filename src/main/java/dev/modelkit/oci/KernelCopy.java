package dev.modelkit.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** File-to-file copies made by the kernel ({@link FileChannel#transferTo}, {@code sendfile} on Linux): no heap. */
final class KernelCopy {

    private KernelCopy() {
    }

    /**
     * Copies {@code count} bytes of {@code in}, from {@code position}, to {@code target}'s current position, however
     * many calls that takes; returns how many were copied, fewer than {@code count} only when {@code in} ends first.
     */
    static long copy(FileChannel in, long position, long count, FileChannel target) throws IOException {
        long done = 0;
        while (done < count) {
            long n = in.transferTo(position + done, count - done, target);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
