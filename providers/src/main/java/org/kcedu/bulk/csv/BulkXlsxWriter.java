package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.io.OutputStream;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.ss.usermodel.CellStyle;

/**
 * Writes an export or error report as an XLSX workbook of one sheet with POI's streaming SXSSF writer: only a window
 * of rows stays in memory, the rest goes to a compressed temporary file until {@link #close()} writes the workbook
 * out. Every value is a text cell (inline string), so nothing is ever a formula or a number that Excel would
 * reformat (leading zeros, long digit strings, ISO dates stay as they are); values are neutralised exactly as in
 * CSV ({@link CellEscaping}), so the file also survives being saved as CSV from a spreadsheet.
 */
public final class BulkXlsxWriter implements BulkRowWriter {

    /** The most characters Excel keeps in a cell. */
    static final int MAX_CELL_CHARS = 32_767;

    private final OutputStream out;
    private final SXSSFWorkbook workbook;
    private final SXSSFSheet sheet;
    private final CellStyle headerStyle;
    private int nextRow;
    private boolean closed;

    public BulkXlsxWriter(OutputStream out) {
        this.out = out;
        this.workbook = new SXSSFWorkbook(null, 200, true, false);
        this.sheet = workbook.createSheet("kc-edu");
        Font bold = workbook.createFont();
        bold.setBold(true);
        this.headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
    }

    @Override
    public void header(List<String> names) throws IOException {
        SXSSFRow row = sheet.createRow(nextRow++);
        for (int i = 0; i < names.size(); i++) {
            Cell c = row.createCell(i);
            c.setCellValue(names.get(i));
            c.setCellStyle(headerStyle);
        }
        sheet.createFreezePane(0, 1);
    }

    @Override
    public void row(List<String> values) throws IOException {
        SXSSFRow row = sheet.createRow(nextRow++);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isEmpty()) {
                continue; // an empty cell is no cell; the reader fills it in
            }
            String cell = CellEscaping.neutralise(v);
            if (cell.length() > MAX_CELL_CHARS) {
                throw new IOException("a value of " + cell.length() + " characters does not fit an XLSX cell (at most "
                        + MAX_CELL_CHARS + "); export this kind as CSV");
            }
            row.createCell(i).setCellValue(cell);
        }
    }

    /**
     * Rewrites a CSV file of this dialect (an error report as stored) as XLSX: the same header and cells, the
     * injection quote undone and applied again by {@link #row}, so both downloads carry the same values.
     */
    public static void transcode(InputStream csv, OutputStream out) throws IOException {
        try (Reader reader = new InputStreamReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, BulkCsv.FORMAT);
             BulkXlsxWriter w = new BulkXlsxWriter(out)) {
            boolean first = true;
            for (CSVRecord r : parser) {
                if (first) {
                    w.header(r.toList());
                    first = false;
                    continue;
                }
                List<String> cells = new ArrayList<>(r.size());
                for (String v : r) {
                    cells.add(CellEscaping.restore(v));
                }
                w.row(cells);
            }
        }
    }

    /** Rows already written leave memory anyway; the workbook itself can only be written at the end. */
    @Override
    public void flush() {
    }

    /**
     * Drops the workbook without writing anything, for an export that failed half-way: a workbook written then would
     * look complete.
     */
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        workbook.dispose();
        workbook.close();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            workbook.write(out);
            out.flush();
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }
}
