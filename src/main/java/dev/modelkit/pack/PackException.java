package dev.modelkit.pack;

/** Packing cannot go on because of the user's input (Kitfile, files, options); the message says what and where. */
public class PackException extends Exception {

    public PackException(String message) {
        super(message);
    }

    public PackException(String message, Throwable cause) {
        super(message, cause);
    }
}
