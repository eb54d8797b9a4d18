package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test workbooks that unpack to far more than they hold (for the unit and the integration tests). */
public final class ZipBombs {

    private ZipBombs() {
    }

    /**
     * Copies a valid workbook to {@code out} with its sheet padded by {@code megabytes} MB of spaces inside
     * {@code <sheetData>}: still a valid workbook, compressing about 1:1000. Read through {@link ZipFile}, since
     * ZipInputStream fails on POI's entries ("invalid entry size").
     */
    public static void padSheet(Path workbook, OutputStream out, int megabytes) throws IOException {
        try (ZipFile in = new ZipFile(workbook.toFile()); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                byte[] content;
                try (InputStream is = in.getInputStream(e)) {
                    content = is.readAllBytes();
                }
                if (e.getName().startsWith("xl/worksheets/")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1024 * 1024];
                    Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < megabytes; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(content);
                }
                zip.closeEntry();
            }
        }
    }
}
