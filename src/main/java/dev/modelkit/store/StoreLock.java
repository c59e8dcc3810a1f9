package dev.modelkit.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Serialises changes to one store's index and tags files, across threads and processes.
 *
 * <p>An OS file lock alone is not enough inside one JVM: POSIX locks belong to the process, so a second thread's
 * {@code lock()} fails with OverlappingFileLockException, and closing any channel on the file may drop the lock held
 * through another. So threads first meet on a JVM-wide monitor per lock file (an interned string: canonical across
 * class loaders, so two plugin realms in one Maven also agree, and no static state of our own), and only the thread
 * holding it takes the OS lock through its own channel.
 */
final class StoreLock {

    static final String LOCK_FILE = ".modelkit-maven-plugin.lock";

    private StoreLock() {
    }

    interface Action<T> {
        T run() throws IOException, StoreException;
    }

    static <T> T withLock(Path storage, Action<T> action) throws IOException, StoreException {
        Files.createDirectories(storage);
        Path lockFile = storage.toRealPath().resolve(LOCK_FILE);
        String monitor = ("dev.modelkit.store.lock:" + lockFile).intern();
        synchronized (monitor) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
    }
}
