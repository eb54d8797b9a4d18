package org.kcedu.bulk.csv;

import java.io.Closeable;
import java.util.List;

/**
 * The physical records of an import file, before any header or row handling: CSV records or the rows of a
 * spreadsheet's first sheet. {@link BulkRowReader} turns them into {@link CsvRow}s the same way for every format
 * (header check, blank lines, field count, injection escaping), so the engine never knows which format it reads.
 */
public interface RecordSource extends Closeable {

    /**
     * One record.
     *
     * @param line      where the record starts: the physical line of a CSV file, the row number of a sheet
     * @param cells     the cell values as text, in column order
     * @param badCell   index of a cell that cannot be taken as it is (a spreadsheet formula or error value), or -1
     * @param badReason why that cell cannot be taken, e.g. {@code "holds a formula"}
     */
    record Record(long line, List<String> cells, int badCell, String badReason) {
        public Record(long line, List<String> cells) {
            this(line, cells, -1, null);
        }
    }

    /**
     * The next record, or {@code null} at the end.
     *
     * @throws BulkFormatException when the rest of the file cannot be read
     */
    Record next();

    /**
     * Whether a record may end before the header's last column: a sheet stores no trailing empty cells, so there a
     * short row means empty cells; a CSV record with too few fields is malformed.
     */
    boolean shortRecordsArePadded();
}
