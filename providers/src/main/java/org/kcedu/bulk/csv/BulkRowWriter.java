package org.kcedu.bulk.csv;

import java.io.Flushable;
import java.io.IOException;
import java.util.List;

/**
 * Where exports and error reports go: CSV ({@link BulkCsvWriter}) or XLSX ({@link BulkXlsxWriter}). Both neutralise
 * spreadsheet formulas in every data cell with the same rule ({@link CellEscaping}), so a file re-imports unchanged
 * in either format.
 */
public interface BulkRowWriter extends AutoCloseable, Flushable {

    void header(List<String> names) throws IOException;

    /** One record; {@code null} cells are written empty. */
    void row(List<String> values) throws IOException;

    /** Ends the file; an XLSX workbook is only written out here. */
    @Override
    void close() throws IOException;
}
