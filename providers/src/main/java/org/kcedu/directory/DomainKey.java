package org.kcedu.directory;

import java.util.Locale;

import org.kcedu.core.ApiError;

/**
 * A domain as external systems and files name it: its type code and external identifier, written
 * {@code TYPE:identifier} (e.g. {@code DISTRICT:D001}) in query parameters, CSV keys and audit events.
 */
public record DomainKey(String type, String identifier) {

    /** Parses {@code TYPE:IDENTIFIER} (type upper-cased, both trimmed); 400 naming {@code field} when malformed. */
    public static DomainKey parse(String text, String field) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw ApiError.badRequest(field, "Give the domain as TYPE:IDENTIFIER, e.g. DISTRICT:D001");
        }
        return new DomainKey(text.substring(0, colon).trim().toUpperCase(Locale.ROOT), text.substring(colon + 1).trim());
    }

    /** {@code TYPE:identifier}, as given (no normalisation). */
    public static String format(String type, String identifier) {
        return type + ":" + identifier;
    }

    @Override
    public String toString() {
        return format(type, identifier);
    }
}
