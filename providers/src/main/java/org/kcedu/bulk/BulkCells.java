package org.kcedu.bulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.kcedu.core.AuditEvent;
import org.kcedu.bulk.csv.CsvRow;

/** Cell parsing and comparison shared by the file kinds (pure functions, no database). */
public final class BulkCells {

    /** Separator of list cells, e.g. {@code domain_types} = {@code DISTRICT|SCHOOL}. */
    public static final String LIST_SEPARATOR = "|";
    public static final int MAX_LENGTH = 255;

    private BulkCells() {
    }

    /** true/false (any case); {@code null} for anything else. */
    public static Boolean parseBoolean(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A {@code |}-separated list cell: trimmed, empty items dropped; an empty cell is the empty list. */
    public static List<String> list(String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return Arrays.stream(cell.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The canonical list cell: sorted, de-duplicated, joined by {@code |} (so export and compare agree). */
    public static String joinSorted(Collection<String> items) {
        return String.join(LIST_SEPARATOR, new TreeSet<>(items));
    }

    public static String lower(String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    public static String upper(String v) {
        return v == null ? null : v.toUpperCase(Locale.ROOT);
    }

    public static String emptyToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    public static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Adds a before/after pair when the values differ (empty and absent are the same). */
    public static void change(Map<String, AuditEvent.Change> changes, String field, String before, String after) {
        if (!Objects.equals(emptyToNull(before), emptyToNull(after))) {
            changes.put(field, new AuditEvent.Change(before, after));
        }
    }

    /** The first of {@code columns} whose non-empty cell is longer than {@link #MAX_LENGTH}, as an error message. */
    public static String tooLong(CsvRow row, String... columns) {
        for (String c : columns) {
            String v = row.get(c);
            if (v != null && v.length() > MAX_LENGTH) {
                return c + " is longer than " + MAX_LENGTH + " characters";
            }
        }
        return null;
    }

    /** Error message when one of {@code columns} is present but not true/false, else {@code null}. */
    public static String badBoolean(CsvRow row, String... columns) {
        for (String c : columns) {
            if (row.has(c) && parseBoolean(row.get(c)) == null) {
                return c + " must be true or false (leave the column out to keep the current value)";
            }
        }
        return null;
    }

    /** Error message when one of {@code columns} is present with an empty cell (values that cannot be cleared). */
    public static String cleared(CsvRow row, String... columns) {
        for (String c : columns) {
            if (row.has(c) && row.nonEmpty(c) == null) {
                return c + " cannot be empty (leave the column out to keep the current value)";
            }
        }
        return null;
    }

    /** "{@code X is required}" for the first of {@code columns} that is absent or empty, else {@code null}. */
    public static String missing(CsvRow row, List<String> columns) {
        for (String c : columns) {
            if (row.nonEmpty(c) == null) {
                return c + " is required";
            }
        }
        return null;
    }

    /**
     * The keys a row claims when its key may be renamed: {@code prefix:key}, and {@code prefix:newKey} when that
     * differs (either may be {@code null}, i.e. absent).
     */
    public static List<String> keyAndNewKey(String prefix, String key, String newKey) {
        List<String> keys = new ArrayList<>(2);
        if (key != null) {
            keys.add(prefix + ":" + key);
        }
        if (newKey != null && !newKey.equals(key)) {
            keys.add(prefix + ":" + newKey);
        }
        return keys;
    }

    /** The first non-null message. */
    public static String firstProblem(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * An ISO-8601 date ({@code 2026-12-31} = start of that day, UTC) or instant ({@code 2026-12-31T23:59:59Z}) as
     * epoch milliseconds; {@code null} for an empty cell.
     *
     * @throws IllegalArgumentException naming the column when the cell is neither
     */
    public static Long instant(String column, String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        String v = cell.trim();
        try {
            return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    .toEpochMilli() : java.time.Instant.parse(v).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is not an ISO-8601 date (2026-12-31) or instant"
                    + " (2026-12-31T23:59:59Z)");
        }
    }

}
