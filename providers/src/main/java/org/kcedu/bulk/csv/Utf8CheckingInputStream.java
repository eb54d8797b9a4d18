package org.kcedu.bulk.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * Checks UTF-8 byte by byte while counting lines, so that invalid input is reported at its real line: the character
 * decoder works on 8 KB chunks and would blame the line the parser happens to be on. Byte 0x0A never occurs inside a
 * UTF-8 multi-byte sequence, so counting it counts physical lines (a newline inside a quoted field included).
 */
final class Utf8CheckingInputStream extends FilterInputStream {

    /** Invalid UTF-8 at a known 1-based line. */
    static final class InvalidUtf8Exception extends CharacterCodingException {
        final long line;

        InvalidUtf8Exception(long line) {
            this.line = line;
        }

        @Override
        public String getMessage() {
            return "invalid UTF-8 on line " + line;
        }
    }

    private long line = 1;
    private int pending;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
            atEnd();
        }
        for (int i = 0; i < n; i++) {
            check(buf[off + i] & 0xFF);
        }
        return n;
    }

    private void check(int b) throws InvalidUtf8Exception {
        if (pending > 0) {
            if ((b & 0xC0) != 0x80) {
                throw new InvalidUtf8Exception(line);
            }
            pending--;
            return;
        }
        if (b < 0x80) {
            if (b == '\n') {
                line++;
            }
        } else if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
        } else {
            throw new InvalidUtf8Exception(line);
        }
    }

    private void atEnd() throws InvalidUtf8Exception {
        if (pending > 0) {
            throw new InvalidUtf8Exception(line);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
