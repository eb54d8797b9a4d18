package org.kcedu.bulk.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the data records of an import file, one {@link CsvRow} at a time (memory does not grow with the file).
 * The header is read and checked against the {@link HeaderSchema} on construction. Problems that make the rest of
 * the file unreadable (invalid UTF-8, an unbalanced quote) throw {@link BulkFormatException} with the line number;
 * a record with the wrong number of fields is returned with {@link CsvRow#structureError()} so that only that row
 * is rejected.
 */
public final class BulkCsvReader implements Iterator<CsvRow>, AutoCloseable {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> rawHeader;
    private final List<String> columns;
    /** Positions of the columns that are data (not the {@code error_*} columns of a re-imported error report). */
    private final int[] dataPositions;
    private long recordNumber;
    private long blankLines;
    private long nextStartLine;
    private CsvRow next;
    private final int fileColumns;

    public BulkCsvReader(InputStream in, HeaderSchema schema) throws IOException {
        Reader reader = new InputStreamReader(new Utf8CheckingInputStream(skipBom(in)), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = CSVParser.parse(reader, BulkCsv.FORMAT);
        this.records = parser.iterator();
        CSVRecord header = read(1);
        if (header == null) {
            parser.close();
            throw new BulkFormatException(0, "the file is empty; expected a header line with the column names");
        }
        List<String> fileHeader = header.toList();
        List<String> resolved;
        try {
            resolved = schema.resolve(fileHeader);
        } catch (BulkFormatException e) {
            parser.close();
            throw e;
        }
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
        this.nextStartLine = parser.getCurrentLineNumber() + 1;
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
            long startLine = nextStartLine;
            CSVRecord r = read(startLine);
            if (r == null) {
                return false;
            }
            nextStartLine = parser.getCurrentLineNumber() + 1;
            if (blank(r)) {
                blankLines++;
                continue;
            }
            next = toRow(r, startLine);
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
    private boolean blank(CSVRecord r) {
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

    private CsvRow toRow(CSVRecord r, long startLine) {
        recordNumber++;
        List<String> all = r.toList();
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
        return new CsvRow(startLine, recordNumber, cells, raw, null);
    }

    private CSVRecord read(long line) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw translate(e.getCause(), line);
        } catch (IllegalStateException e) {
            // Commons CSV reports some parse errors as IllegalStateException wrapping an IOException
            throw translate(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage()), line);
        }
    }

    private BulkFormatException translate(IOException e, long line) {
        if (e instanceof Utf8CheckingInputStream.InvalidUtf8Exception bad) {
            return new BulkFormatException(bad.line, "the file is not valid UTF-8 (save it as \"CSV UTF-8\")");
        }
        if (e instanceof CharacterCodingException) {
            return new BulkFormatException(parser.getCurrentLineNumber() + 1,
                    "the file is not valid UTF-8 (save it as \"CSV UTF-8\")");
        }
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("EOF reached before encapsulated token finished")) {
            return new BulkFormatException(line, "a quoted field opened in the record starting here is never closed"
                    + " (unbalanced double quote)");
        }
        if (msg.contains("invalid char between encapsulated token and delimiter")) {
            return new BulkFormatException(parser.getCurrentLineNumber() + 1,
                    "text after a closing double quote; inside a quoted field write a quote as \"\"");
        }
        return new BulkFormatException(line, "unreadable CSV: " + msg);
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
        b.mark(3);
        byte[] head = b.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            b.reset();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
