package org.kcedu.bulk.csv;

import org.apache.commons.csv.CSVFormat;

/** The one CSV dialect of kc-edu bulk files: RFC 4180 (comma, double quotes, CRLF), UTF-8, optional BOM on input. */
public final class BulkCsv {

    /**
     * Empty lines are kept by the parser so that its line counter stays exact; the reader skips them itself.
     * No header handling here: the reader validates the header before any data record is looked at.
     */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setTrim(false)
            .get();

    public static final String MEDIA_TYPE = "text/csv";

    private BulkCsv() {
    }
}
