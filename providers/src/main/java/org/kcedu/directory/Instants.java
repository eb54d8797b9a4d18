package org.kcedu.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.kcedu.core.ApiError;

/** Instants as the directory's JSON, CSV files and audit events write them (ISO-8601, UTC). */
public final class Instants {

    private Instants() {
    }

    public static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** ISO-8601 instant ("2026-12-31T23:59:59Z") or date ("2026-12-31" = start of that day, UTC); 400 naming the field. */
    public static Long parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                    : Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field, "Use an ISO-8601 date (2026-12-31) or instant (2026-12-31T23:59:59Z)");
        }
    }
}
