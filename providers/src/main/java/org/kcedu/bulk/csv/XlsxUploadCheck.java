package org.kcedu.bulk.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checked when an upload arrives, before a job is queued, so that a file that is no workbook at all or a zip bomb
 * gets a 4xx JSON answer instead of a failed job: the ZIP's directory says what each part unpacks to. A directory
 * can lie, so the reader enforces the same limits again while it inflates ({@link XlsxRecordSource}, POI's
 * {@code ZipSecureFile}), and the job then fails with the same wording.
 */
public final class XlsxUploadCheck {

    /** Why an upload is refused; {@code tooLarge} answers 413, anything else 400. */
    public record Refusal(boolean tooLarge, String message) {
    }

    private XlsxUploadCheck() {
    }

    /**
     * @param declaredXlsx the request said it sends an XLSX workbook (Content-Type)
     * @return {@code null} when the file may be queued
     */
    public static Refusal check(Path file, boolean declaredXlsx, XlsxLimits limits) throws IOException {
        if (BulkFileFormat.isOle2(file)) {
            return new Refusal(false, "the old Excel format (.xls) is not read: save the file as an Excel workbook"
                    + " (.xlsx) or as CSV UTF-8");
        }
        if (BulkFileFormat.sniff(file) != BulkFileFormat.XLSX) {
            return declaredXlsx ? new Refusal(false, "the upload is declared as " + BulkFileFormat.XLSX_MEDIA_TYPE
                    + " but is not an XLSX workbook (it does not start like a ZIP file)") : null;
        }
        long total = 0;
        boolean workbook = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                workbook |= e.getName().equals("xl/workbook.xml");
                long size = e.getSize();
                long packed = e.getCompressedSize();
                if (size < 0) {
                    continue; // unknown here: the reader's own limits decide
                }
                total += size;
                if (size > XlsxLimits.GRACE_BYTES && packed >= 0
                        && (double) packed / size < XlsxLimits.MIN_INFLATE_RATIO) {
                    return new Refusal(false, "the XLSX file is refused as a zip bomb: its part " + e.getName()
                            + " unpacks from " + packed + " to " + size + " bytes, more than "
                            + Math.round(1 / XlsxLimits.MIN_INFLATE_RATIO) + " times its packed size, which no"
                            + " spreadsheet does");
                }
                if (total > limits.maxEntryBytes()) {
                    return new Refusal(true, "the XLSX file unpacks to more than " + limits.maxEntryBytes()
                            + " bytes (" + XlsxLimits.ENTRY_FACTOR + " times the upload limit); split it into"
                            + " smaller files");
                }
            }
        } catch (ZipException e) {
            return new Refusal(false, "not a readable XLSX workbook (" + e.getMessage() + "); save the file again as"
                    + " an Excel workbook (.xlsx) or as CSV UTF-8");
        }
        if (!workbook) {
            return new Refusal(false, "the ZIP file is not an XLSX workbook (it has no xl/workbook.xml); upload an"
                    + " Excel workbook (.xlsx) or CSV UTF-8");
        }
        return null;
    }
}
