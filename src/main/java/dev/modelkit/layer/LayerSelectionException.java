package dev.modelkit.layer;

import java.io.IOException;

/**
 * Choosing the files of a layer failed: a missing layer path, a bad {@code .kitignore} line, a symbolic link that
 * cannot be packed, an unreadable folder. The message always names the path (or file and line) at fault, so that
 * the Maven side can pass it on unchanged.
 */
public class LayerSelectionException extends IOException {

    private static final long serialVersionUID = 1L;

    public LayerSelectionException(String message) {
        super(message);
    }

    public LayerSelectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
