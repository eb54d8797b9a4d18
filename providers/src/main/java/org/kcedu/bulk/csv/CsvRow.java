package org.kcedu.bulk.csv;

import java.util.List;
import java.util.Map;

/**
 * One data record of an import file.
 *
 * @param line      1-based physical line where the record starts (the header is line 1)
 * @param record    1-based number of the data record (resume points count records, not lines)
 * @param cells     the present columns and their values, injection escaping already reversed; an absent
 *                  column is not a key, an empty cell maps to {@code ""}
 * @param raw       the cells as read, for the error report
 * @param structureError non-null when the record itself is malformed (e.g. wrong number of fields)
 */
public record CsvRow(long line, long record, Map<String, String> cells, List<String> raw, String structureError) {

    public enum Action { UPSERT, DELETE }

    public boolean has(String column) {
        return cells.containsKey(column);
    }

    /** The cell, trimmed; {@code null} when the column is absent. */
    public String get(String column) {
        String v = cells.get(column);
        return v == null ? null : v.trim();
    }

    /** Trimmed cell; {@code null} when absent or empty. */
    public String nonEmpty(String column) {
        String v = get(column);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The row's action, or {@code null} when the action cell is neither empty nor DELETE. */
    public Action action() {
        String a = get(HeaderSchema.ACTION);
        if (a == null || a.isEmpty()) {
            return Action.UPSERT;
        }
        return a.equalsIgnoreCase("DELETE") ? Action.DELETE : null;
    }
}
