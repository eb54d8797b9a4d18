package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 record parser that, unlike a general CSV library, says which fields were quoted: a quoted
 * field is data exactly as written (spaces, TABs, line breaks inside the quotes are part of it), while an unquoted
 * field is trimmed, because spreadsheets pad cells and nobody means a leading space there (§5.3.2).
 * Line breaks are CRLF, LF or a lone CR; physical lines are counted so that every record knows where it starts.
 */
final class Rfc4180Parser implements RecordSource {

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long line = 1;

    Rfc4180Parser(Reader in) {
        this.in = in;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public RecordSource.Record next() throws IOException {
        int c = peek();
        if (c == EOF) {
            return null;
        }
        long start = line;
        List<String> values = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            field.setLength(0);
            boolean q = false;
            c = read();
            if (c == '"') {
                q = true;
                readQuoted(field, start);
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    throw new BulkFormatException(line,
                            "text after a closing double quote; inside a quoted field write a quote as \"\"");
                }
            } else {
                while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    field.append((char) c);
                    c = read();
                }
            }
            values.add(q ? field.toString() : field.toString().trim());
            quoted.add(q);
            if (c == ',') {
                continue;
            }
            if (c == '\r' || c == '\n') {
                endOfLine(c);
            }
            return new RecordSource.Record(start, values, quoted);
        }
    }

    private void readQuoted(StringBuilder field, long start) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new BulkFormatException(start, "a quoted field opened in the record starting here is never"
                        + " closed (unbalanced double quote)");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                return;
            }
            if (c == '\r' || c == '\n') {
                field.append((char) c);
                if (c == '\r' && peek() == '\n') {
                    field.append((char) read());
                }
                line++;
                continue;
            }
            field.append((char) c);
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int peek() throws IOException {
        if (pos == len && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    private int read() throws IOException {
        if (pos == len && !fill()) {
            return EOF;
        }
        return buf[pos++];
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }
}
