package org.kcedu.bulk.csv;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;

/**
 * Writes export files and error reports in the same dialect the reader accepts, neutralising spreadsheet formulas
 * in every cell (see {@link CellEscaping}); header names are fixed identifiers and written as they are. CSV by default;
 * {@link #xlsx} writes the same rows as a streamed XLSX workbook.
 */
public final class BulkCsvWriter implements AutoCloseable, Flushable {

    private final CSVPrinter printer;
    private final XlsxSheetWriter xlsx;

    public BulkCsvWriter(OutputStream out) throws IOException {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    public BulkCsvWriter(Writer out) throws IOException {
        this.printer = new CSVPrinter(out, BulkCsv.FORMAT);
        this.xlsx = null;
    }

    private BulkCsvWriter(XlsxSheetWriter xlsx) {
        this.printer = null;
        this.xlsx = xlsx;
    }

    /** The same rows as an XLSX workbook with one sheet. */
    public static BulkCsvWriter xlsx(OutputStream out) throws IOException {
        return new BulkCsvWriter(new XlsxSheetWriter(out));
    }

    public void header(List<String> names) throws IOException {
        if (xlsx != null) {
            xlsx.row(names);
        } else {
            printer.printRecord(names);
        }
    }

    /** One record; {@code null} cells are written empty. */
    public void row(List<String> values) throws IOException {
        List<String> cells = new ArrayList<>(values.size());
        for (String v : values) {
            cells.add(v == null ? "" : CellEscaping.neutralise(v));
        }
        if (xlsx != null) {
            xlsx.row(cells);
        } else {
            printer.printRecord(cells);
        }
    }

    @Override
    public void flush() throws IOException {
        if (xlsx != null) {
            xlsx.flush();
        } else {
            printer.flush();
        }
    }

    /** Ends the file (for XLSX: the worksheet and the archive) without closing the underlying stream for CSV. */
    public void finish() throws IOException {
        if (xlsx != null) {
            xlsx.close();
        } else {
            printer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (xlsx != null) {
            xlsx.close();
        } else {
            printer.close(true);
        }
    }
}
