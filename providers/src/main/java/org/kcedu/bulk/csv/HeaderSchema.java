package org.kcedu.bulk.csv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns a file kind may carry. Column names are matched case-insensitively after trimming. Besides the
 * entity's own columns every kind accepts the {@value #ACTION} column (empty = upsert, {@code DELETE} = delete);
 * following the ART convention, a first column headed {@code delete} or left unnamed is the action column too.
 *
 * @param required     columns that must be present (the key)
 * @param optional     columns that may be absent: absent = leave unchanged, empty cell = clear
 * @param exportOrder  columns written by export, in this order (a subset of required + optional)
 */
public record HeaderSchema(List<String> required, List<String> optional, List<String> exportOrder) {

    /**
     * One column of a file kind, stated once in {@link #of}: a {@link Role#REQUIRED} column (the key) must be
     * present, an {@link Role#OPTIONAL} one may be absent, and both are exported; an {@link Role#IMPORT_ONLY} column (a rename
     * such as {@code new_username}) may be imported but is never exported.
     */
    public record Column(String name, Role role) {
        public enum Role { REQUIRED, OPTIONAL, IMPORT_ONLY }

        public static Column required(String name) {
            return new Column(name, Role.REQUIRED);
        }

        public static Column optional(String name) {
            return new Column(name, Role.OPTIONAL);
        }

        public static Column importOnly(String name) {
            return new Column(name, Role.IMPORT_ONLY);
        }
    }

    /** The schema of the columns in file order: export writes the exported ones in this order. */
    public static HeaderSchema of(Column... columns) {
        List<String> required = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        List<String> exported = new ArrayList<>();
        for (Column c : columns) {
            (c.role() == Column.Role.REQUIRED ? required : optional).add(c.name());
            if (c.role() != Column.Role.IMPORT_ONLY) {
                exported.add(c.name());
            }
        }
        return new HeaderSchema(List.copyOf(required), List.copyOf(optional), List.copyOf(exported));
    }

    public static final String ACTION = "action";
    public static final String ERROR_LINE = "error_line";
    public static final String ERROR_FIELD = "error_field";
    public static final String ERROR_MESSAGE = "error_message";
    /** The columns the error report adds; an import ignores them, so a report can be uploaded again as it is. */
    public static final List<String> ERROR_COLUMNS = List.of(ERROR_LINE, ERROR_FIELD, ERROR_MESSAGE);

    public Set<String> allColumns() {
        Set<String> all = new LinkedHashSet<>(required);
        all.addAll(optional);
        all.add(ACTION);
        return all;
    }

    /**
     * Checks a header row and returns the canonical column name for each position. The {@link #ERROR_COLUMNS} of an
     * error report are accepted and returned under their own names (the reader leaves them out of the rows).
     *
     * @throws BulkFormatException naming every unknown, duplicate or missing column at once
     */
    public List<String> resolve(List<String> rawHeader) {
        List<String> names = new ArrayList<>(rawHeader.size());
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> known = allColumns();
        for (int i = 0; i < rawHeader.size(); i++) {
            String name = rawHeader.get(i) == null ? "" : rawHeader.get(i).trim().toLowerCase(Locale.ROOT);
            if (i == 0 && (name.isEmpty() || name.equals("delete"))) {
                name = ACTION;
            }
            if (ERROR_COLUMNS.contains(name)) {
                if (!seen.add(name)) {
                    problems.add("duplicate column '" + name + "'");
                }
            } else if (name.isEmpty()) {
                problems.add("column " + (i + 1) + " has no name");
            } else if (!known.contains(name)) {
                problems.add("unknown column '" + rawHeader.get(i).trim() + "'");
            } else if (!seen.add(name)) {
                problems.add("duplicate column '" + name + "'");
            }
            names.add(name);
        }
        for (String r : required) {
            if (!seen.contains(r)) {
                problems.add("missing required column '" + r + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new BulkFormatException(1, "bad header: " + String.join("; ", problems)
                    + " (allowed columns: " + String.join(", ", known) + ")");
        }
        return names;
    }
}
