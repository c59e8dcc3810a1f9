package dev.modelkit.store;

import java.nio.file.Path;

/** Installs a layout N times from a separate JVM: {@code HOME LAYOUT REPO PREFIX N} (tags PREFIX0..PREFIX(N-1)). */
public final class StoreInstallMain {

    private StoreInstallMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalStore store = new LocalStore(Path.of(args[0]));
        int n = Integer.parseInt(args[4]);
        for (int i = 0; i < n; i++) {
            store.install(Path.of(args[1]), StoreReference.parse(args[2] + ":" + args[3] + i));
        }
    }
}
