package dev.modelkit.store;

/** Bad input for the local store: an invalid reference, a corrupt or missing blob, an unreadable layout. */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
