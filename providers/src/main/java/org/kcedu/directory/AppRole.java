package org.kcedu.directory;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kcedu.core.ApiError;

/**
 * An application role a kc-edu role stands for: a Keycloak realm role ({@code realm:NAME}) or client role
 * ({@code client:CLIENT_ID:NAME}). Roles store the text; validation on write and the token mapper both read it here.
 */
public record AppRole(String clientId, String name) {

    private static final Pattern FORMAT = Pattern.compile("realm:([^:]+)|client:([^:]+):([^:]+)");

    /** The role the text names, or empty when it is not {@code realm:NAME} or {@code client:CLIENT_ID:NAME}. */
    public static Optional<AppRole> parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? new AppRole(null, m.group(1)) : new AppRole(m.group(2), m.group(3)));
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** The text itself when valid; 400 naming {@code field} otherwise. */
    public static String require(String text, String field) {
        if (!isValid(text)) {
            throw ApiError.badRequest(field, "Use realm:ROLE or client:CLIENT_ID:ROLE, not " + text);
        }
        return text;
    }

    /** The text every client role of {@code clientId} starts with. */
    public static String clientPrefix(String clientId) {
        return "client:" + clientId + ":";
    }

    public boolean isRealmRole() {
        return clientId == null;
    }

    @Override
    public String toString() {
        return isRealmRole() ? "realm:" + name : "client:" + clientId + ":" + name;
    }
}
