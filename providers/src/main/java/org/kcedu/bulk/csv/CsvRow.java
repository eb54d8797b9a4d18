package org.kcedu.bulk.csv;

import java.util.List;
import java.util.Map;

/**
 * One data record of an import file.
 *
 * @param line      1-based physical line where the record starts (the header is line 1)
 * @param record    1-based number of the data record (resume points count records, not lines)
 * @param cells     the present columns and their values exactly as read (a quoted field keeps its spaces, TABs and
 *                  line breaks; whitespace around an unquoted value is already dropped by the parser), injection
 *                  escaping already reversed; an absent column is not a key, an empty cell maps to {@code ""};
 *                  {@code error_*} columns of a re-imported error report are not cells
 * @param raw       the cells as read, for the error report
 * @param structureError non-null when the record itself is malformed (e.g. wrong number of fields)
 */
public record CsvRow(long line, long record, Map<String, String> cells, List<String> raw, String structureError) {

    public enum Action { UPSERT, DELETE }

    public boolean has(String column) {
        return cells.containsKey(column);
    }

    /** The cell exactly as read (RFC 4180: quoted spaces are part of the value); {@code null} when absent. */
    public String get(String column) {
        return cells.get(column);
    }

    /** The cell; {@code null} when absent, empty or only whitespace. */
    public String nonEmpty(String column) {
        String v = get(column);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * The row's action, or {@code null} when the action cell is neither empty nor DELETE. The keyword is case- and
     * space-insensitive: {@code delete}, {@code " Delete "} are DELETE; a cell of only spaces is empty.
     */
    public Action action() {
        String a = get(HeaderSchema.ACTION);
        if (a == null || a.isBlank()) {
            return Action.UPSERT;
        }
        return a.strip().equalsIgnoreCase("DELETE") ? Action.DELETE : null;
    }
}
