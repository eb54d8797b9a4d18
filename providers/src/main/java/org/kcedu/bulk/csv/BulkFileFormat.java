package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two formats of bulk files. Both carry the same columns and go through the same {@link BulkRowReader}. */
public enum BulkFileFormat {
    CSV(BulkCsv.MEDIA_TYPE + "; charset=UTF-8", "csv"),
    XLSX(BulkFileFormat.XLSX_MEDIA_TYPE, "xlsx");

    public static final String XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final String contentType;
    private final String extension;

    BulkFileFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** {@code csv} or {@code xlsx} (any case); {@code null} for anything else. */
    public static BulkFileFormat named(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "xlsx" -> XLSX;
            default -> null;
        };
    }

    /** What a stored file is, by its first bytes: a ZIP local file header ("PK\3\4") is an XLSX workbook. */
    public static BulkFileFormat sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isZip(in.readNBytes(4)) ? XLSX : CSV;
        }
    }

    static boolean isZip(byte[] head) {
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    /** The old binary Excel format (an OLE2 compound file), which bulk import does not read. */
    public static boolean isOle2(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(8);
            return h.length == 8 && (h[0] & 0xFF) == 0xD0 && (h[1] & 0xFF) == 0xCF && (h[2] & 0xFF) == 0x11
                    && (h[3] & 0xFF) == 0xE0 && (h[4] & 0xFF) == 0xA1 && (h[5] & 0xFF) == 0xB1
                    && (h[6] & 0xFF) == 0x1A && (h[7] & 0xFF) == 0xE1;
        }
    }
}
