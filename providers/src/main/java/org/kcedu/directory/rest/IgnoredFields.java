package org.kcedu.directory.rest;

import java.util.Objects;

import org.kcedu.core.ApiError;

/**
 * "Reject what would be ignored": a body field that a route does not change is accepted only when it repeats the
 * current value (a client sending back what it read); any other value is a 400 naming the field, never a 200 with
 * nothing done.
 */
final class IgnoredFields {

    private IgnoredFields() {
    }

    static void requireSame(String field, Object given, Object current) {
        if (given != null && !Objects.equals(given, current)) {
            throw ApiError.badRequest(field, field + " cannot change through this route (it is " + current + ")");
        }
    }
}
