package org.kcedu.bulk.csv;

/** The file as a whole cannot be read (bad header, encoding, quoting): nothing of it may be written. */
public class BulkFormatException extends RuntimeException {

    private final long line;

    public BulkFormatException(long line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** 1-based physical line of the problem, 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
