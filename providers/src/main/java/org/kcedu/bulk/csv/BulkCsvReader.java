package org.kcedu.bulk.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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

/**
 * Streams the data records of an import file, one {@link CsvRow} at a time (memory does not grow with the file).
 * The header is read and checked against the {@link HeaderSchema} on construction. Problems that make the rest of
 * the file unreadable (invalid UTF-8, an unbalanced quote) throw {@link BulkFormatException} with the line number;
 * a record with the wrong number of fields is returned with {@link CsvRow#structureError()} so that only that row
 * is rejected.
 * <p>
 * Quoted fields are kept exactly; unquoted ones are trimmed. Records holding only separators and whitespace are
 * skipped and counted ({@link #blankLines()}): spreadsheets leave such lines behind, and they are never errors.
 * Columns of an error report ({@code error_*}) are ignored, so a report re-imports as it is.
 */
public final class BulkCsvReader implements Iterator<CsvRow>, AutoCloseable {

    private final RecordSource source;
    private final List<String> rawHeader;
    private final List<String> columns;
    /** Positions of the file's columns that are read (the others are {@code error_*} columns). */
    private final int[] kept;
    private final int fieldCount;
    private long recordNumber;
    private long blankLines;
    private CsvRow next;

    public BulkCsvReader(InputStream in, HeaderSchema schema) throws IOException {
        this(csv(in), schema);
    }

    BulkCsvReader(RecordSource source, HeaderSchema schema) throws IOException {
        this.source = source;
        RecordSource.Record header;
        try {
            header = read();
            while (header != null && header.blank()) {
                header = read(); // blank lines above the header are as harmless as below it
            }
            if (header == null) {
                throw new BulkFormatException(0, "the file is empty; expected a header line with the column names");
            }
            List<String> resolved = schema.resolve(header.values());
            List<String> raw = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                if (resolved.get(i) != null) {
                    keep.add(i);
                    raw.add(header.values().get(i));
                    names.add(resolved.get(i));
                }
            }
            this.rawHeader = raw;
            this.columns = names;
            this.kept = keep.stream().mapToInt(Integer::intValue).toArray();
            this.fieldCount = resolved.size();
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** A reader over an XLSX workbook's first sheet (see {@link XlsxSheetSource}). */
    public static BulkCsvReader xlsx(java.nio.file.Path file, HeaderSchema schema) throws IOException {
        return new BulkCsvReader(XlsxSheetSource.open(file), schema);
    }

    /** The canonical column names in file order (ignored {@code error_*} columns left out). */
    public List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** The header as written in the file, without ignored columns (for the error report, which mirrors the input). */
    public List<String> rawHeader() {
        return Collections.unmodifiableList(rawHeader);
    }

    /** Records skipped so far because they hold nothing but separators and whitespace. */
    public long blankLines() {
        return blankLines;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            RecordSource.Record r;
            try {
                r = read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (r == null) {
                return false;
            }
            if (r.blank()) {
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

    private CsvRow toRow(RecordSource.Record r) {
        recordNumber++;
        List<String> values = r.values();
        if (source.padsRows()) {
            values = padded(values);
        }
        if (values.size() != fieldCount) {
            List<String> raw = new ArrayList<>(kept.length);
            for (int i : kept) {
                raw.add(i < values.size() ? values.get(i) : "");
            }
            return new CsvRow(r.startLine(), recordNumber, Map.of(), raw,
                    "expected " + fieldCount + " fields as in the header but found " + values.size());
        }
        Map<String, String> cells = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>(kept.length);
        for (int k = 0; k < kept.length; k++) {
            String v = values.get(kept[k]);
            raw.add(v);
            cells.put(columns.get(k), CellEscaping.restore(v));
        }
        return new CsvRow(r.startLine(), recordNumber, cells, raw, null);
    }

    /** A spreadsheet row to the header's width: missing trailing cells are empty, empty extra cells dropped. */
    private List<String> padded(List<String> values) {
        if (values.size() == fieldCount) {
            return values;
        }
        List<String> out = new ArrayList<>(values);
        while (out.size() < fieldCount) {
            out.add("");
        }
        while (out.size() > fieldCount && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private RecordSource.Record read() throws IOException {
        try {
            return source.next();
        } catch (Utf8CheckingInputStream.InvalidUtf8Exception bad) {
            throw new BulkFormatException(bad.line, "the file is not valid UTF-8 (save it as \"CSV UTF-8\")");
        } catch (CharacterCodingException e) {
            throw new BulkFormatException(source.line(), "the file is not valid UTF-8 (save it as \"CSV UTF-8\")");
        }
    }

    private static RecordSource csv(InputStream in) throws IOException {
        Reader reader = new InputStreamReader(new Utf8CheckingInputStream(skipBom(in)), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new Rfc4180Parser(reader);
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
        source.close();
    }
}
