package org.kcedu.bulk.csv;

import org.apache.commons.csv.CSVFormat;

/** The one CSV dialect of kc-edu bulk files: RFC 4180 (comma, double quotes, CRLF), UTF-8, optional BOM on input. */
public final class BulkCsv {

    /**
     * How import files are read. Empty lines are kept by the parser so that its line counter stays exact; the reader
     * skips them (and lines of only separators and spaces) itself. No header handling here: the reader validates the
     * header before any data record is looked at.
     * <p>
     * RFC 4180 exactness: a quoted field is kept exactly as written between its quotes (spaces, TABs, line breaks).
     * Outside quotes, whitespace around a value is ignored ({@code ignoreSurroundingSpaces}, which Commons CSV applies
     * only to unquoted values and to the blanks around a quoted one). {@code trim} stays off: it would also trim
     * inside quotes.
     */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(false)
            .get();

    /** How export files and error reports are written: plain RFC 4180, values exactly as given. */
    public static final CSVFormat OUTPUT = CSVFormat.RFC4180.builder()
            .setTrim(false)
            .get();

    public static final String MEDIA_TYPE = "text/csv";

    private BulkCsv() {
    }
}
