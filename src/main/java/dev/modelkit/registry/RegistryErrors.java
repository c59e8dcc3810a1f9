package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/** Reads the distribution spec's error body {@code {"errors":[{"code","message","detail"}]}}. */
final class RegistryErrors {

    private RegistryErrors() {
    }

    /** The parsed answer: the first error's code and message, or a short excerpt of a non-JSON body. */
    record Answer(String code, String message) {
        String describe(int status) {
            StringBuilder b = new StringBuilder().append(status);
            if (code != null) {
                b.append(' ').append(code);
            }
            if (message != null && !message.isBlank()) {
                b.append(" (").append(message).append(')');
            }
            return b.toString();
        }
    }

    static Answer parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Answer(null, null);
        }
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            JsonNode first = json.path("errors").path(0);
            if (first.isObject()) {
                String code = first.path("code").asText(null);
                String message = first.path("message").asText(null);
                JsonNode detail = first.path("detail");
                if (!detail.isMissingNode() && !detail.isNull() && !detail.isEmpty()) {
                    message = (message == null ? "" : message + ": ") + detail;
                }
                return new Answer(code, message);
            }
        } catch (Exception notJson) {
            // fall through: HTML error pages from proxies are common; quote a bit of them
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return new Answer(null, text);
    }
}
