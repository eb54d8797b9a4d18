package org.kcedu.bulk.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkXlsxTest {

    static final HeaderSchema SCHEMA = BulkCsvReaderTest.SCHEMA;
    static final XlsxLimits LIMITS = XlsxLimits.forUploadLimit(12L * 1024 * 1024);

    @TempDir
    Path dir;

    private Path write(List<String> header, List<List<String>> rows) throws IOException {
        Path f = Files.createTempFile(dir, "export", ".xlsx");
        try (OutputStream out = Files.newOutputStream(f); BulkXlsxWriter w = new BulkXlsxWriter(out)) {
            w.header(header);
            for (List<String> r : rows) {
                w.row(r);
            }
        }
        return f;
    }

    private static List<CsvRow> read(Path f) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (BulkRowReader r = BulkRowReader.open(f, SCHEMA, LIMITS)) {
            r.forEachRemaining(rows::add);
        }
        return rows;
    }

    private Path save(XSSFWorkbook wb) throws IOException {
        Path f = Files.createTempFile(dir, "user", ".xlsx");
        try (OutputStream out = Files.newOutputStream(f)) {
            wb.write(out);
        }
        wb.close();
        return f;
    }

    @Test
    void exportedValuesReadBackExactlyThroughTheSameReader() throws IOException {
        List<List<String>> rows = List.of(
                List.of("ann", "=1+2", "  =HYPERLINK(\"x\")", "0600001", "true"),
                List.of("bob", "\t@cmd", "'=already", "2026-09-01", "false"),
                List.of("cé", "multi\nline", "  spaced  ", "600001000010", ""),
                Arrays.asList("dan", null, "-5", "+1", "TRUE"));
        Path f = write(List.of("username", "email", "first_name", "last_name", "enabled"), rows);
        assertEquals(BulkFileFormat.XLSX, BulkFileFormat.sniff(f));
        List<CsvRow> read = read(f);
        assertEquals(4, read.size());
        for (int i = 0; i < rows.size(); i++) {
            CsvRow r = read.get(i);
            assertNull(r.structureError());
            assertEquals(i + 2, r.line(), "the sheet's row number is the line");
            List<String> expected = rows.get(i).stream().map(v -> v == null ? "" : v).toList();
            assertEquals(expected, List.of(r.get("username"), r.get("email"), r.get("first_name"),
                    r.get("last_name"), r.get("enabled")));
        }
    }

    @Test
    void aCellEditedInASpreadsheetReadsAsTheSpreadsheetShowsIt() throws IOException {
        Path f = write(List.of("username", "email", "enabled"), List.of(List.of("ann", "'=A3", "maybe")));
        XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(f));
        Row row = wb.getSheetAt(0).getRow(1);
        // a new cell, as a spreadsheet application writes it (a shared string, a boolean)
        row.removeCell(row.getCell(1));
        row.createCell(1).setCellValue("ann@example.org");
        row.removeCell(row.getCell(2));
        row.createCell(2).setCellValue(true);
        Path edited = save(wb);
        CsvRow r = read(edited).get(0);
        assertEquals("ann@example.org", r.get("email"));
        assertEquals("true", r.get("enabled"));
        assertEquals("ann@example.org", shown(edited, 1));

        // POI's setCellValue on an inline-string cell adds a <v> and keeps the old <is>, which POI itself (like the
        // format) takes as the value: kc-edu reads what the workbook shows, never a value nobody sees
        Path plain = write(List.of("username", "email"), List.of(List.of("bob", "old@example.org")));
        XSSFWorkbook quirk = new XSSFWorkbook(Files.newInputStream(plain));
        quirk.getSheetAt(0).getRow(1).getCell(1).setCellValue("hidden@example.org");
        Path stale = save(quirk);
        assertEquals("old@example.org", shown(stale, 1));
        assertEquals("old@example.org", read(stale).get(0).get("email"));
    }

    private static String shown(Path f, int col) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(f))) {
            return new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(wb.getSheetAt(0).getRow(1).getCell(col));
        }
    }

    @Test
    void exportedCellsAreNeutralisedTextCellsAsInCsv() throws IOException {
        Path f = write(List.of("username", "email"), List.of(List.of("=1+2", "0600001")));
        try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(f))) {
            Row r = wb.getSheetAt(0).getRow(1);
            assertEquals("'=1+2", r.getCell(0).getStringCellValue());
            assertEquals(org.apache.poi.ss.usermodel.CellType.STRING, r.getCell(0).getCellType());
            assertEquals("0600001", r.getCell(1).getStringCellValue());
        }
    }

    @Test
    void formulaCellsRejectTheirRowNamingColumnAndCellAndAreNeverEvaluated() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet s = wb.createSheet();
        s.createRow(0).createCell(0).setCellValue("username");
        s.getRow(0).createCell(1).setCellValue("email");
        Row r1 = s.createRow(1);
        r1.createCell(0).setCellValue("ann");
        r1.createCell(1).setCellFormula("CONCAT(A2,\"@x.org\")");
        Row r2 = s.createRow(2);
        r2.createCell(0).setCellValue("bob");
        r2.createCell(1).setCellValue("bob@x.org");
        Row r3 = s.createRow(3);
        r3.createCell(0).setCellValue("eve");
        r3.createCell(1).setCellErrorValue(org.apache.poi.ss.usermodel.FormulaError.NA.getCode());
        List<CsvRow> rows = read(save(wb));
        assertEquals(3, rows.size());
        assertEquals("email (cell B2) holds a formula (=CONCAT(A2,\"@x.org\")); formulas are never evaluated on"
                + " import: replace it by its value (copy, then paste as values)", rows.get(0).structureError());
        assertNull(rows.get(1).structureError());
        assertEquals("bob@x.org", rows.get(1).get("email"));
        assertTrue(rows.get(2).structureError().startsWith("email (cell B4) holds the error value #N/A"),
                rows.get(2).structureError());
    }

    @Test
    void typedCellsOfASpreadsheetReadAsTheirValuesAndOnlyTheFirstSheetCounts() throws IOException {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet s = wb.createSheet("users");
        Row h = s.createRow(0);
        for (String c : List.of("username", "email", "first_name", "last_name", "enabled")) {
            h.createCell(h.getLastCellNum() < 0 ? 0 : h.getLastCellNum()).setCellValue(c);
        }
        CellStyle date = wb.createCellStyle();
        date.setDataFormat((short) 14); // m/d/yy, what Excel picks for a typed date
        CellStyle zeros = wb.createCellStyle();
        zeros.setDataFormat(wb.createDataFormat().getFormat("0000000"));
        Row r = s.createRow(4); // rows 2-4 do not exist: not rows, not blank lines
        r.createCell(0).setCellValue("ann"); // shared string
        r.createCell(1).setCellValue(600001000010.0);
        r.createCell(2).setCellValue(LocalDate.of(2026, 9, 1));
        r.getCell(2).setCellStyle(date);
        r.createCell(3).setCellValue(600001);
        r.getCell(3).setCellStyle(zeros);
        r.createCell(4).setCellValue(true);
        Row short1 = s.createRow(5);
        short1.createCell(0).setCellValue("bob"); // trailing cells absent: empty
        Row wide = s.createRow(6);
        wide.createCell(0).setCellValue("eve");
        wide.createCell(7).setCellValue("beyond the header");
        wb.createSheet("notes").createRow(0).createCell(0).setCellValue("not a column");
        List<CsvRow> rows = read(save(wb));
        assertEquals(3, rows.size());
        CsvRow a = rows.get(0);
        assertEquals(5, a.line());
        assertEquals(List.of("ann", "600001000010", "2026-09-01", "0600001", "true"), List.of(a.get("username"),
                a.get("email"), a.get("first_name"), a.get("last_name"), a.get("enabled")));
        assertNull(rows.get(1).structureError());
        assertEquals("", rows.get(1).get("enabled"));
        assertEquals("expected 5 fields as in the header but found 8", rows.get(2).structureError());
    }

    @Test
    void errorReportTranscodesToAWorkbookThatReimportsItsCells() throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (BulkCsvWriter w = new BulkCsvWriter(csv)) {
            w.header(List.of("username", "email", "error_line", "error_field", "error_message"));
            w.row(List.of("=ann", "bad", "2", "email", "email is not a valid e-mail address"));
        }
        Path f = Files.createTempFile(dir, "errors", ".xlsx");
        try (OutputStream out = Files.newOutputStream(f)) {
            BulkXlsxWriter.transcode(new java.io.ByteArrayInputStream(csv.toByteArray()), out);
        }
        List<CsvRow> rows = read(f);
        assertEquals(1, rows.size());
        assertEquals("=ann", rows.get(0).get("username"));
        assertEquals("bad", rows.get(0).get("email"));
        assertEquals(List.of("username", "email"), rows.get(0).cells().keySet().stream().toList());
    }

    /** A valid workbook whose sheet is padded with 60 MB of spaces: compresses about 1:1000. */
    private Path zipBomb() throws IOException {
        Path ok = write(List.of("username"), List.of(List.of("ann")));
        Path bomb = Files.createTempFile(dir, "bomb", ".xlsx");
        try (OutputStream out = Files.newOutputStream(bomb)) {
            ZipBombs.padSheet(ok, out, 60);
        }
        return bomb;
    }

    @Test
    void zipBombIsRefusedOnUploadAndAgainByTheReaderWhileInflating() throws IOException {
        Path bomb = zipBomb();
        assertTrue(Files.size(bomb) < 200_000, "the bomb is small: " + Files.size(bomb));
        XlsxUploadCheck.Refusal refusal = XlsxUploadCheck.check(bomb, true, LIMITS);
        assertNotNull(refusal);
        assertTrue(refusal.message().contains("zip bomb") && refusal.message().contains("xl/worksheets/sheet1.xml"),
                refusal.message());
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read(bomb));
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void uploadsThatAreNoWorkbookAreRefusedWithTheReason() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"), "username\nann\n");
        assertNull(XlsxUploadCheck.check(csv, false, LIMITS));
        assertTrue(XlsxUploadCheck.check(csv, true, LIMITS).message().contains("is not an XLSX workbook"));
        Path zip = dir.resolve("other.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(XlsxUploadCheck.check(zip, false, LIMITS).message().contains("no xl/workbook.xml"));
        Path xls = dir.resolve("old.xls");
        Files.write(xls, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1, 0, 0});
        assertTrue(XlsxUploadCheck.check(xls, false, LIMITS).message().contains(".xls"));
        Path good = write(List.of("username"), List.of(List.of("ann")));
        assertNull(XlsxUploadCheck.check(good, true, LIMITS));
        XlsxUploadCheck.Refusal big = XlsxUploadCheck.check(good, true, new XlsxLimits(100));
        assertTrue(big.tooLarge(), big.message());
    }

    @Test
    void aHundredThousandRowUsersFileStreamsInFlatMemory() throws IOException {
        List<String> header = List.of("username", "email", "first_name", "last_name", "enabled");
        Path f = Files.createTempFile(dir, "users100k", ".xlsx");
        long writeStart = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(f); BulkXlsxWriter w = new BulkXlsxWriter(out)) {
            w.header(header);
            for (int i = 0; i < 100_000; i++) {
                w.row(List.of("user" + i, "user" + i + "@example.org", "First" + i, "Last" + i, "true"));
            }
        }
        long writeMs = (System.nanoTime() - writeStart) / 1_000_000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long baseline = usedAfterGc();
        long peakRetained = 0;
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long readStart = System.nanoTime();
        long n = 0;
        try (BulkRowReader r = BulkRowReader.open(f, SCHEMA, LIMITS)) {
            while (r.hasNext()) {
                CsvRow row = r.next();
                n++;
                if (n % 20_000 == 0) {
                    peakRetained = Math.max(peakRetained, usedAfterGc() - baseline);
                    assertEquals("user" + (n - 1), row.get("username"));
                }
            }
        }
        long readMs = (System.nanoTime() - readStart) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertEquals(100_000, n);
        System.out.printf("XLSX 100,000 users: file %d bytes, written in %d ms, read in %d ms; reader allocated %d MB"
                        + " in total, retained heap above baseline at most %.1f MB (sampled after GC every 20,000"
                        + " rows)%n", Files.size(f), writeMs, readMs, allocated / (1024 * 1024),
                peakRetained / (1024.0 * 1024));
        assertTrue(peakRetained < 16L * 1024 * 1024, "retained heap grew by " + peakRetained + " bytes");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
