package org.kcedu.bulk.csv;

/**
 * What an XLSX upload may unpack to. The upload itself is capped like a CSV one ({@code max-upload-bytes}); inside
 * it, no part may inflate to more than {@link #maxEntryBytes} nor compress better than {@link #MIN_INFLATE_RATIO}
 * (POI's own zip-bomb threshold: real sheets compress about 1:5 to 1:20, a bomb 1:1000).
 *
 * @param maxEntryBytes the largest uncompressed part (the sheet's XML), {@link #ENTRY_FACTOR} × the upload limit
 */
public record XlsxLimits(long maxEntryBytes) {

    /** A sheet's XML is several times its CSV: about 6 to 8 times for the bulk kinds' typical cells. */
    public static final int ENTRY_FACTOR = 10;
    public static final double MIN_INFLATE_RATIO = 0.01;
    /** Parts below this size are never judged by their ratio (an empty sheet compresses very well). */
    public static final long GRACE_BYTES = 100 * 1024;

    public static XlsxLimits forUploadLimit(long maxUploadBytes) {
        return new XlsxLimits(Math.multiplyExact(maxUploadBytes, ENTRY_FACTOR));
    }
}
