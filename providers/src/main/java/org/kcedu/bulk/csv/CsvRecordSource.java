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
import java.util.Iterator;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** CSV records in the {@link BulkCsv#FORMAT} dialect, with their physical start lines and UTF-8 checked by line. */
public final class CsvRecordSource implements RecordSource {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long nextStartLine = 1;

    public CsvRecordSource(InputStream in) throws IOException {
        Reader reader = new InputStreamReader(new Utf8CheckingInputStream(skipBom(in)), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = CSVParser.parse(reader, BulkCsv.FORMAT);
        this.records = parser.iterator();
    }

    @Override
    public Record next() {
        long startLine = nextStartLine;
        CSVRecord r = read(startLine);
        if (r == null) {
            return null;
        }
        nextStartLine = parser.getCurrentLineNumber() + 1;
        return new Record(startLine, r.toList());
    }

    @Override
    public boolean shortRecordsArePadded() {
        return false;
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
