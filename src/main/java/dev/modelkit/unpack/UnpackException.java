package dev.modelkit.unpack;

/**
 * The artifact cannot be unpacked as asked: it is malformed, fails verification, or conflicts with files already in
 * the output folder. The message names the layer, blob or tar entry at fault.
 */
public class UnpackException extends Exception {

    public UnpackException(String message) {
        super(message);
    }

    public UnpackException(String message, Throwable cause) {
        super(message, cause);
    }
}
