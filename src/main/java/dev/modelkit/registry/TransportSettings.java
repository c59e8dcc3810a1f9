package dev.modelkit.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to a registry.
 *
 * @param plainHttp               use {@code http://} (registries without TLS)
 * @param tlsVerify               verify the server certificate and host name (off: trust any certificate)
 * @param caCertificates          a PEM bundle trusted in addition to the JDK's CAs, or null
 * @param sendCredentialsOverHttp allow credentials over plain HTTP to non-loopback hosts (off by default)
 * @param timeout                 connect and per-request header timeout
 * @param retry                   retries on 429, 5xx and dropped connections
 */
public record TransportSettings(boolean plainHttp, boolean tlsVerify, Path caCertificates,
                                boolean sendCredentialsOverHttp, Duration timeout, RetryPolicy retry) {

    public TransportSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
    }

    public static TransportSettings defaults() {
        return new TransportSettings(false, true, null, false, Duration.ofSeconds(60), RetryPolicy.defaults());
    }

    public TransportSettings withPlainHttp(boolean value) {
        return new TransportSettings(value, tlsVerify, caCertificates, sendCredentialsOverHttp, timeout, retry);
    }

    public TransportSettings withTlsVerify(boolean value) {
        return new TransportSettings(plainHttp, value, caCertificates, sendCredentialsOverHttp, timeout, retry);
    }

    public TransportSettings withCaCertificates(Path value) {
        return new TransportSettings(plainHttp, tlsVerify, value, sendCredentialsOverHttp, timeout, retry);
    }

    public TransportSettings withSendCredentialsOverHttp(boolean value) {
        return new TransportSettings(plainHttp, tlsVerify, caCertificates, value, timeout, retry);
    }

    public TransportSettings withRetry(RetryPolicy value) {
        return new TransportSettings(plainHttp, tlsVerify, caCertificates, sendCredentialsOverHttp, timeout, value);
    }

    public String scheme() {
        return plainHttp ? "http" : "https";
    }
}
