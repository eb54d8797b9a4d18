package org.kcedu.bulk.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BulkCsvReaderTest {

    static final HeaderSchema SCHEMA = new HeaderSchema(List.of("username"),
            List.of("email", "first_name", "last_name", "enabled"), List.of("username", "email"));

    static List<CsvRow> read(String csv) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    static List<CsvRow> read(byte[] bytes) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (BulkRowReader r = new BulkRowReader(new ByteArrayInputStream(bytes), SCHEMA)) {
            r.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void headerOrderIsDetectedAndCaseAndSpacesIgnored() throws IOException {
        List<CsvRow> rows = read(" Email ,USERNAME\r\nann@x.org,ann\r\n");
        assertEquals(1, rows.size());
        assertEquals("ann", rows.get(0).get("username"));
        assertEquals("ann@x.org", rows.get(0).get("email"));
    }

    @Test
    void absentColumnsAreAbsentAndEmptyCellsAreEmpty() throws IOException {
        CsvRow row = read("username,first_name\nann,\n").get(0);
        assertTrue(row.has("first_name"));
        assertEquals("", row.get("first_name"));
        assertNull(row.nonEmpty("first_name"));
        assertFalse(row.has("last_name"));
        assertNull(row.get("last_name"));
    }

    @Test
    void bomIsTolerated() throws IOException {
        byte[] body = "username\nann\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write(body);
        assertEquals("ann", read(b.toByteArray()).get(0).get("username"));
    }

    @Test
    void quotedFieldsWithCommasQuotesAndNewlinesAndLineNumbersOfRecords() throws IOException {
        List<CsvRow> rows = read("username,last_name\n\"ann\",\"Smith, \"\"Jr\"\"\nsecond line\"\nbob,Jones\n\ncid,X\n");
        assertEquals(3, rows.size());
        assertEquals("Smith, \"Jr\"\nsecond line", rows.get(0).get("last_name"));
        assertEquals(2, rows.get(0).line());
        assertEquals(4, rows.get(1).line(), "the record after a two-line record starts on line 4");
        assertEquals(6, rows.get(2).line(), "blank line 5 is skipped but counted");
        assertEquals(3, rows.get(2).record());
    }

    @Test
    void unicodeIsReadAsUtf8() throws IOException {
        assertEquals("Zoë Ñuñez 李", read("username,last_name\nz,Zoë Ñuñez 李\n").get(0).get("last_name"));
    }

    @Test
    void neutralisedCellsAreRestored() throws IOException {
        assertEquals("=1+1", read("username,last_name\nann,'=1+1\n").get(0).get("last_name"));
    }

    @Test
    void unknownColumnIsRejectedBeforeAnyRow() {
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read("username,password\nann,x\n"));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("unknown column 'password'"), e.getMessage());
    }

    @Test
    void duplicateColumnIsRejected() {
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read("username,email,EMAIL\n"));
        assertTrue(e.getMessage().contains("duplicate column 'email'"), e.getMessage());
    }

    @Test
    void missingKeyColumnIsRejected() {
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read("email\nann@x.org\n"));
        assertTrue(e.getMessage().contains("missing required column 'username'"), e.getMessage());
    }

    @Test
    void emptyFileIsAnError() {
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read(""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void headerOnlyIsAValidFileWithoutRows() throws IOException {
        assertEquals(List.of(), read("username,email\r\n"));
    }

    @Test
    void unbalancedQuoteIsAnErrorWithTheLineWhereTheRecordStarts() {
        BulkFormatException e = assertThrows(BulkFormatException.class,
                () -> read("username,last_name\nann,A\nbob,\"Open\ncid,C\n"));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorWithLine() {
        BulkFormatException e = assertThrows(BulkFormatException.class,
                () -> read("username,last_name\nann,\"A\"x\n"));
        assertEquals(2, e.line(), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnErrorWithLine() {
        byte[] bad = "username,last_name\nann,A\nbob,B\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals(3, e.line(), e.getMessage());
    }

    @Test
    void wrongFieldCountRejectsOnlyThatRow() throws IOException {
        List<CsvRow> rows = read("username,email\nann,a@x.org\nbob\ncid,c@x.org,extra\ndan,d@x.org\n");
        assertEquals(4, rows.size());
        assertNull(rows.get(0).structureError());
        assertTrue(rows.get(1).structureError().contains("expected 2 fields"), rows.get(1).structureError());
        assertTrue(rows.get(2).structureError().contains("found 3"));
        assertNull(rows.get(3).structureError());
    }

    @Test
    void actionColumnAndArtConventionOfDeleteInTheFirstColumn() throws IOException {
        List<CsvRow> rows = read("action,username\nDELETE,ann\n,bob\ndelete,cid\nREMOVE,dan\n");
        assertEquals(CsvRow.Action.DELETE, rows.get(0).action());
        assertEquals(CsvRow.Action.UPSERT, rows.get(1).action());
        assertEquals(CsvRow.Action.DELETE, rows.get(2).action());
        assertNull(rows.get(3).action(), "unknown action");

        List<CsvRow> art = read("DELETE,username\nDELETE,ann\n,bob\n");
        assertEquals(CsvRow.Action.DELETE, art.get(0).action());
        assertEquals(CsvRow.Action.UPSERT, art.get(1).action());
        List<CsvRow> unnamed = read(",username\nDELETE,ann\n");
        assertEquals(CsvRow.Action.DELETE, unnamed.get(0).action());
    }

    @Test
    void writerOutputReadsBackIdentically() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> values = List.of("ann", "=cmd|' /C calc'!A0", "line1\nline2, \"quoted\"", "@x", "-3");
        try (BulkCsvWriter w = new BulkCsvWriter(out)) {
            w.header(List.of("username", "email", "first_name", "last_name", "enabled"));
            w.row(values);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("'=cmd"), text);
        assertFalse(text.contains(",=cmd"), text);
        CsvRow row = read(out.toByteArray()).get(0);
        assertEquals(Map.of("username", values.get(0), "email", values.get(1), "first_name", values.get(2),
                "last_name", values.get(3), "enabled", values.get(4)), row.cells());
    }

    @Test
    void truncatedMultiByteSequenceAtTheEndIsInvalid() {
        byte[] good = "username\nann\nb".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(good, good.length + 1);
        bad[bad.length - 1] = (byte) 0xC3;
        BulkFormatException e = assertThrows(BulkFormatException.class, () -> read(bad));
        assertEquals(3, e.line(), e.getMessage());
    }

    // ---- RFC 4180 exactness (issue 16)

    @Test
    void quotedSpacesTabsAndLineBreaksAreKeptExactly() throws IOException {
        CsvRow row = read("username,first_name,last_name,email\r\n"
                + "ann,\"  Spaced Name School  \",\"\t=1+2\",\"a\r\nb\rc\"\r\n").get(0);
        assertEquals("  Spaced Name School  ", row.get("first_name"));
        assertEquals("\t=1+2", row.get("last_name"), "a quoted TAB is part of the value, not trimmed into a formula");
        assertEquals("a\r\nb\rc", row.get("email"));
    }

    @Test
    void unquotedCellsAndBlanksAroundQuotedCellsAreTrimmed() throws IOException {
        CsvRow row = read("username,first_name,last_name\n  ann \t,  \"  A  \"  ,\t B C \n").get(0);
        assertEquals("ann", row.get("username"));
        assertEquals("  A  ", row.get("first_name"), "blanks outside the quotes go, blanks inside stay");
        assertEquals("B C", row.get("last_name"));
    }

    @Test
    void aSpaceOrTabPrefixedFormulaIsNeutralisedOnExportAndReadsBackExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> values = List.of("ann", " =1+2", "\t=1+2", "  kept  ", "-3");
        try (BulkCsvWriter w = new BulkCsvWriter(out)) {
            w.header(List.of("username", "email", "first_name", "last_name", "enabled"));
            w.row(values);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("' =1+2"), text);
        assertTrue(text.contains("'\t=1+2"), text);
        CsvRow row = read(out.toByteArray()).get(0);
        assertEquals(values, List.copyOf(row.cells().values()));
    }

    @Test
    void deleteKeywordIsCaseAndSpaceInsensitive() throws IOException {
        List<CsvRow> rows = read("action,username\n\" Delete \",ann\n  dElEtE  ,bob\n\"   \",cid\n");
        assertEquals(CsvRow.Action.DELETE, rows.get(0).action());
        assertEquals(CsvRow.Action.DELETE, rows.get(1).action());
        assertEquals(CsvRow.Action.UPSERT, rows.get(2).action());
    }

    // ---- blank lines (issue 16)

    @Test
    void linesOfOnlySeparatorsOrWhitespaceAreSkippedAndCounted() throws IOException {
        String csv = "username,email,first_name\r\n"
                + ",,\r\n"        // 2 what spreadsheets write after deleted rows
                + "ann,,\r\n"     // 3
                + "   \r\n"       // 4
                + "\r\n"          // 5
                + " , \t ,\r\n"  // 6
                + ",\r\n"         // 7 fewer separators, still nothing in it
                + "\"\",,\r\n"  // 8 an empty quoted cell is no content either
                + "bob,,\r\n";    // 9
        try (BulkRowReader r = new BulkRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), SCHEMA)) {
            List<CsvRow> rows = new ArrayList<>();
            r.forEachRemaining(rows::add);
            assertEquals(2, rows.size(), rows.toString());
            assertEquals(3, rows.get(0).line());
            assertEquals(9, rows.get(1).line());
            assertEquals(2, rows.get(1).record());
            assertNull(rows.get(1).structureError());
            assertEquals(6, r.blankLines());
        }
    }

    @Test
    void twoMillionBlankLinesAreReadQuicklyAsNoRecords() throws IOException {
        int lines = 2_000_000;
        byte[] header = "username,email,first_name\r\n".getBytes(StandardCharsets.UTF_8);
        // generated on the fly (8 MB that never sit in memory), mixing the kinds of blank lines
        String[] kinds = {",,\r\n", "\r\n", "  \r\n", ",\r\n"};
        java.util.Enumeration<java.io.InputStream> parts = new java.util.Enumeration<>() {
            int i = -1;

            @Override
            public boolean hasMoreElements() {
                return i < lines;
            }

            @Override
            public java.io.InputStream nextElement() {
                i++;
                byte[] b = i == 0 ? header : kinds[i % kinds.length].getBytes(StandardCharsets.UTF_8);
                return new ByteArrayInputStream(b);
            }
        };
        java.io.InputStream in = new java.io.BufferedInputStream(new java.io.SequenceInputStream(parts), 1 << 16);
        long t0 = System.nanoTime();
        try (BulkRowReader r = new BulkRowReader(in, SCHEMA)) {
            assertFalse(r.hasNext());
            assertEquals(lines, r.blankLines());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 30_000, "2,000,000 blank lines took " + ms + " ms");
    }

    // ---- re-importing an error report (issue 16)

    @Test
    void errorColumnsOfAReportAreIgnoredOnImport() throws IOException {
        String csv = "username,email,error_line,error_field,error_message\r\n"
                + "ann,ann@x.org,3,email,\"email is not valid, fix it\"\r\n"
                + ",,,,the error report stops here\r\n";
        try (BulkRowReader r = new BulkRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), SCHEMA)) {
            assertEquals(List.of("username", "email"), r.columns());
            assertEquals(List.of("username", "email"), r.rawHeader());
            CsvRow row = r.next();
            assertEquals(Map.of("username", "ann", "email", "ann@x.org"), row.cells());
            assertEquals(List.of("ann", "ann@x.org"), row.raw());
            assertFalse(r.hasNext(), "a row with only error cells is a blank line");
            assertEquals(1, r.blankLines());
        }
    }
}
