package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the data records of an import file, one {@link CsvRow} at a time (memory does not grow with the file),
 * whatever its format: the {@link RecordSource} yields physical records (CSV or the first sheet of an XLSX), this
 * class does the rest the same way for both. The header is read and checked against the {@link HeaderSchema} on
 * construction. Problems that make the rest of the file unreadable (invalid UTF-8, an unbalanced quote, a broken
 * workbook) throw {@link BulkFormatException} with the line number; a record with the wrong number of fields, or a
 * spreadsheet cell that holds a formula, is returned with {@link CsvRow#structureError()} so that only that row is
 * rejected.
 */
public final class BulkRowReader implements Iterator<CsvRow>, AutoCloseable {

    private final RecordSource source;
    private final List<String> rawHeader;
    private final List<String> columns;
    /** Canonical names of every file column, {@code error_*} ones included (for naming a bad cell). */
    private final List<String> resolved;
    /** Positions of the columns that are data (not the {@code error_*} columns of a re-imported error report). */
    private final int[] dataPositions;
    private long recordNumber;
    private long blankLines;
    private CsvRow next;
    private final int fileColumns;

    /** A CSV file. */
    public BulkRowReader(InputStream in, HeaderSchema schema) throws IOException {
        this(new CsvRecordSource(in), schema);
    }

    /** An upload as stored: an XLSX workbook when it starts like one (ZIP), otherwise CSV. */
    public static BulkRowReader open(Path file, HeaderSchema schema, XlsxLimits limits) throws IOException {
        if (BulkFileFormat.sniff(file) == BulkFileFormat.XLSX) {
            return new BulkRowReader(XlsxRecordSource.open(file, limits), schema);
        }
        return new BulkRowReader(Files.newInputStream(file), schema);
    }

    public BulkRowReader(RecordSource source, HeaderSchema schema) throws IOException {
        this.source = source;
        RecordSource.Record header;
        try {
            header = source.next();
            if (header == null) {
                throw new BulkFormatException(0, "the file is empty; expected a header line with the column names");
            }
            if (header.badCell() >= 0) {
                throw new BulkFormatException(header.line(), "the header cell " + (header.badCell() + 1) + " "
                        + header.badReason() + "; the header must hold the column names as text");
            }
            List<String> fileHeader = trimTrailingEmpty(header.cells(), source.shortRecordsArePadded());
            this.resolved = schema.resolve(fileHeader);
            this.fileColumns = fileHeader.size();
            List<Integer> data = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                if (!HeaderSchema.ERROR_COLUMNS.contains(resolved.get(i))) {
                    data.add(i);
                }
            }
            this.dataPositions = data.stream().mapToInt(Integer::intValue).toArray();
            List<String> raw = new ArrayList<>(dataPositions.length);
            List<String> cols = new ArrayList<>(dataPositions.length);
            for (int i : dataPositions) {
                raw.add(fileHeader.get(i));
                cols.add(resolved.get(i));
            }
            this.rawHeader = raw;
            this.columns = cols;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** A sheet may carry empty cells right of its header (formatted but empty): they are not columns. */
    private static List<String> trimTrailingEmpty(List<String> cells, boolean sheet) {
        if (!sheet) {
            return cells;
        }
        int n = cells.size();
        while (n > 0 && (cells.get(n - 1) == null || cells.get(n - 1).isBlank())) {
            n--;
        }
        return cells.subList(0, n);
    }

    /**
     * Lines skipped so far because they hold no content: empty, or only separators and whitespace (what spreadsheets
     * write after deleted rows). They are neither records nor errors.
     */
    public long blankLines() {
        return blankLines;
    }

    /** The canonical column names in file order (without the {@code error_*} columns of a re-imported report). */
    public List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** The header as written in the file (for the error report, which mirrors the input), without {@code error_*}. */
    public List<String> rawHeader() {
        return Collections.unmodifiableList(rawHeader);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            RecordSource.Record r = source.next();
            if (r == null) {
                return false;
            }
            if (blank(r.cells())) {
                blankLines++;
                continue;
            }
            next = toRow(r);
        }
        return true;
    }

    @Override
    public CsvRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRow r = next;
        next = null;
        return r;
    }

    /** No content: every data cell empty or whitespace (an error report's own {@code error_*} cells do not count). */
    private boolean blank(List<String> r) {
        if (r.size() == fileColumns) {
            for (int i : dataPositions) {
                if (!r.get(i).isBlank()) {
                    return false;
                }
            }
            return true;
        }
        for (String v : r) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private CsvRow toRow(RecordSource.Record r) {
        recordNumber++;
        long startLine = r.line();
        List<String> all = r.cells();
        if (source.shortRecordsArePadded() && all.size() != fileColumns) {
            all = padded(all);
        }
        if (all.size() != fileColumns) {
            return new CsvRow(startLine, recordNumber, Map.of(), all,
                    "expected " + fileColumns + " fields as in the header but found " + all.size());
        }
        List<String> raw = new ArrayList<>(dataPositions.length);
        Map<String, String> cells = new LinkedHashMap<>();
        for (int k = 0; k < dataPositions.length; k++) {
            String v = all.get(dataPositions[k]);
            raw.add(v);
            cells.put(columns.get(k), CellEscaping.restore(v));
        }
        String problem = null;
        if (r.badCell() >= 0 && r.badCell() < fileColumns
                && !HeaderSchema.ERROR_COLUMNS.contains(resolved.get(r.badCell()))) {
            problem = resolved.get(r.badCell()) + " (cell " + columnLetters(r.badCell()) + startLine + ") "
                    + r.badReason();
        }
        return new CsvRow(startLine, recordNumber, cells, raw, problem);
    }

    /** A sheet row without its trailing empty cells, filled up to the header's width (cells right of it stay). */
    private List<String> padded(List<String> cells) {
        int n = cells.size();
        while (n > fileColumns && cells.get(n - 1).isBlank()) {
            n--;
        }
        if (n > fileColumns) {
            return cells.subList(0, n);
        }
        List<String> out = new ArrayList<>(fileColumns);
        out.addAll(cells.subList(0, n));
        while (out.size() < fileColumns) {
            out.add("");
        }
        return out;
    }

    /** Spreadsheet column name of a 0-based index: 0 = A, 25 = Z, 26 = AA. */
    static String columnLetters(int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            b.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
