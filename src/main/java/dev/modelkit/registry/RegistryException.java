package dev.modelkit.registry;

import java.io.IOException;

/**
 * A registry refused a request. The message names the registry, what was asked (and for which blob), the HTTP
 * status and the registry's own error code and message from its JSON error body.
 */
public class RegistryException extends IOException {

    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RegistryException(String message, int status, String code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }

    /** The first error code of the registry's error JSON ({@code BLOB_UNKNOWN}...), or null. */
    public String code() {
        return code;
    }
}
