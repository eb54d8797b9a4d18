package org.kcedu.bulk.csv;

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
 * in every cell (see {@link CellEscaping}); header names are fixed identifiers and written as they are.
 */
public final class BulkCsvWriter implements BulkRowWriter {

    private final CSVPrinter printer;

    public BulkCsvWriter(OutputStream out) throws IOException {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    public BulkCsvWriter(Writer out) throws IOException {
        this.printer = new CSVPrinter(out, BulkCsv.OUTPUT);
    }

    @Override
    public void header(List<String> names) throws IOException {
        printer.printRecord(names);
    }

    @Override
    public void row(List<String> values) throws IOException {
        List<String> cells = new ArrayList<>(values.size());
        for (String v : values) {
            cells.add(v == null ? "" : CellEscaping.neutralise(v));
        }
        printer.printRecord(cells);
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
