package org.kcedu.bulk.csv;

import java.io.IOException;
import java.util.List;

/** The records of an import file in its own format (CSV or XLSX), before the header schema gives them meaning. */
interface RecordSource extends AutoCloseable {

    /**
     * One record: its fields and, per field, whether it was written as text exactly (a quoted CSV field, an XLSX
     * string cell): such a value is kept as it is, other values are trimmed.
     */
    record Record(long startLine, List<String> values, List<Boolean> quoted) {

        /** Only separators and whitespace: a line Excel leaves behind after deleted rows. */
        boolean blank() {
            for (int i = 0; i < values.size(); i++) {
                if (quoted.get(i) || !values.get(i).isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The next record, or {@code null} at the end of the input. */
    Record next() throws IOException;

    /** The physical line (CSV) or row number (XLSX) the source is on. */
    long line();

    /**
     * True when rows may omit trailing empty cells (a spreadsheet stores only the cells it has), so a short row is
     * padded to the header's width; in CSV a record with the wrong number of fields is an error.
     */
    default boolean padsRows() {
        return false;
    }

    @Override
    void close() throws IOException;
}
