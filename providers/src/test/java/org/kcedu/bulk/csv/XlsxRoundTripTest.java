package org.kcedu.bulk.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRoundTripTest {

    static final HeaderSchema SCHEMA = new HeaderSchema(List.of("username"),
            List.of("email", "first_name", "last_name", "enabled"), List.of("username", "email"));

    @TempDir
    Path dir;

    static List<CsvRow> read(Path file) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (BulkCsvReader r = BulkCsvReader.xlsx(file, SCHEMA)) {
            r.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void exportedWorkbookReadsBackIdenticallyIncludingFormulasSpacesAndMarkup() throws IOException {
        Path file = dir.resolve("users.xlsx");
        List<List<String>> rows = List.of(
                List.of("ann", "a@x.org", "  Ann  ", "=HYPERLINK(\"x\")", "true"),
                List.of("bob", "", "<b>&amp;\"", "\t@SUM(A1)", "false"),
                List.of("cid", "c@x.org", "Zoë 李\nsecond line", "-5", ""));
        try (OutputStream out = Files.newOutputStream(file); BulkCsvWriter w = BulkCsvWriter.xlsx(out)) {
            w.header(List.of("username", "email", "first_name", "last_name", "enabled"));
            for (List<String> r : rows) {
                w.row(r);
            }
        }
        assertTrue(XlsxSheetSource.isWorkbook(file));
        List<CsvRow> back = read(file);
        assertEquals(3, back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i), List.copyOf(back.get(i).cells().values()), "row " + i);
            assertEquals(i + 2, back.get(i).line(), "line = spreadsheet row");
            assertNull(back.get(i).structureError());
        }
    }

    @Test
    void excelStyleWorkbookWithSharedStringsNumbersBooleansAndAFormulaUsesCachedValues() throws IOException {
        Path file = dir.resolve("excel.xlsx");
        workbook(file, """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>username</t></si>\
                <si><t>enabled</t></si><si><t>last_name</t></si><si><r><t>ann</t></r><r><t xml:space="preserve"> lee</t></r></si>\
                </sst>""", """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>\
                <row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="b"><v>1</v></c>\
                <c r="C3" t="str"><f>CONCAT("=", "1+2")</f><v>=1+2</v></c></row>\
                <row r="4"><c r="A4"><v>600001.0</v></c></row>\
                <row r="5"><c r="A5"/><c r="B5"/></row>\
                </sheetData></worksheet>""");
        try (BulkCsvReader r = BulkCsvReader.xlsx(file, new HeaderSchema(List.of("username"),
                List.of("enabled", "last_name"), List.of()))) {
            CsvRow ann = r.next();
            assertEquals("ann lee", ann.get("username"));
            assertEquals("true", ann.get("enabled"));
            assertEquals("=1+2", ann.get("last_name"), "the cached value, the formula is not evaluated");
            assertEquals(3, ann.line());
            CsvRow num = r.next();
            assertEquals("600001", num.get("username"));
            assertEquals("", num.get("enabled"), "short rows are padded");
            assertEquals(false, r.hasNext());
            assertEquals(1, r.blankLines());
        }
    }

    @Test
    void aDoctypeIsRefused() throws IOException {
        Path file = dir.resolve("xxe.xlsx");
        workbook(file, null, """
                <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                <row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>""");
        assertThrows(RuntimeException.class, () -> read(file));
    }

    @Test
    void columnNamesAndReferences() {
        assertEquals("A", XlsxSheetWriter.columnName(0));
        assertEquals("Z", XlsxSheetWriter.columnName(25));
        assertEquals("AA", XlsxSheetWriter.columnName(26));
        assertEquals(27, XlsxSheetSource.column("AB12"));
    }

    @Test
    void hundredThousandRowsStreamWithFlatMemory() throws IOException {
        Path file = dir.resolve("big.xlsx");
        int n = 100_000;
        try (OutputStream out = Files.newOutputStream(file); BulkCsvWriter w = BulkCsvWriter.xlsx(out)) {
            w.header(List.of("username", "email", "first_name", "last_name", "enabled"));
            for (int i = 0; i < n; i++) {
                w.row(List.of("user" + i, "user" + i + "@example.org", "First" + i, "Last" + i, "true"));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long peak = before;
        long count = 0;
        long t0 = System.nanoTime();
        try (BulkCsvReader r = BulkCsvReader.xlsx(file, SCHEMA)) {
            while (r.hasNext()) {
                r.next();
                if (++count % 10_000 == 0) {
                    peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("XLSX 100,000 rows: file %,d bytes, read in %d ms, heap before %,d KiB, peak sampled %,d KiB"
                + " (growth %,d KiB)%n", Files.size(file), ms, before / 1024, peak / 1024, (peak - before) / 1024);
        assertEquals(n, count);
        // nothing is kept per row: the growth is garbage between collections, bounded well below the file's rows
        assertTrue(peak - before < 256L * 1024 * 1024, "heap grew by " + (peak - before) / 1024 + " KiB");
    }

    static void workbook(Path file, String sharedStrings, String sheet) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            put(z, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            put(z, "xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                    + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                    + "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>");
            put(z, "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    + "relationships\"><Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                    + "2006/relationships/worksheet\" Target=\"worksheets/data.xml\"/><Relationship Id=\"rId8\" "
                    + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
                    + "Target=\"sharedStrings.xml\"/></Relationships>");
            if (sharedStrings != null) {
                put(z, "xl/sharedStrings.xml", sharedStrings);
            }
            put(z, "xl/worksheets/data.xml", sheet);
        }
    }

    private static void put(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }
}
