package org.kcedu.bulk.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the rows of an XLSX workbook's first sheet with the JDK's ZIP and StAX readers: one row in memory at a time
 * (plus the workbook's shared-string table, which Excel keeps separately and every row refers to), no DOM, no POI.
 * <ul>
 * <li>Text cells (shared, inline, or a formula's cached text) are data as written, like a quoted CSV field; number and
 * boolean cells are trimmed values ({@code TRUE}/{@code FALSE} become {@code true}/{@code false}, integers lose a
 * trailing {@code .0}).</li>
 * <li>Formulas are never evaluated: a formula cell contributes the value the spreadsheet cached when it was saved.</li>
 * <li>The row number is the record's line, so the error report points at the spreadsheet's row.</li>
 * <li>Hostile files: DTDs and external entities are refused, and the uncompressed bytes read are capped (a ZIP
 * bomb fails the job like a malformed file).</li>
 * </ul>
 */
public final class XlsxSheetSource implements RecordSource {

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private final ZipFile zip;
    private final List<String> shared;
    private final XMLStreamReader sheet;
    private final InputStream sheetIn;
    private long line;

    private XlsxSheetSource(ZipFile zip, List<String> shared, InputStream sheetIn, XMLStreamReader sheet) {
        this.zip = zip;
        this.shared = shared;
        this.sheetIn = sheetIn;
        this.sheet = sheet;
    }

    /** True when the file starts like a ZIP archive (an XLSX workbook); CSV text never does. */
    public static boolean isWorkbook(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    static XlsxSheetSource open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new BulkFormatException(0, "the file is neither CSV nor a readable XLSX workbook: " + e.getMessage());
        }
        try {
            long budget = Math.max(256L * 1024 * 1024, 100 * Files.size(file));
            Budget left = new Budget(budget);
            String sheetPath = firstSheet(zip, left);
            List<String> shared = sharedStrings(zip, left);
            ZipEntry entry = zip.getEntry(sheetPath);
            if (entry == null) {
                throw new BulkFormatException(0, "the workbook has no worksheet " + sheetPath);
            }
            InputStream in = new Capped(zip.getInputStream(entry), left);
            return new XlsxSheetSource(zip, shared, in, factory().createXMLStreamReader(in, "UTF-8"));
        } catch (XMLStreamException e) {
            zip.close();
            throw new BulkFormatException(0, "the XLSX workbook is not well-formed: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    @Override
    public RecordSource.Record next() throws IOException {
        try {
            while (sheet.hasNext()) {
                if (sheet.next() == XMLStreamConstants.START_ELEMENT && "row".equals(sheet.getLocalName())) {
                    String r = sheet.getAttributeValue(null, "r");
                    line = r == null ? line + 1 : Long.parseLong(r);
                    return row();
                }
            }
            return null;
        } catch (XMLStreamException | NumberFormatException e) {
            throw new BulkFormatException(line, "the XLSX worksheet is not well-formed: " + e.getMessage());
        }
    }

    private RecordSource.Record row() throws XMLStreamException {
        List<String> values = new ArrayList<>();
        List<Boolean> text = new ArrayList<>();
        int next = 0;
        while (sheet.hasNext()) {
            int ev = sheet.next();
            if (ev == XMLStreamConstants.END_ELEMENT && "row".equals(sheet.getLocalName())) {
                break;
            }
            if (ev == XMLStreamConstants.START_ELEMENT && "c".equals(sheet.getLocalName())) {
                String ref = sheet.getAttributeValue(null, "r");
                int col = ref == null ? next : column(ref);
                String type = sheet.getAttributeValue(null, "t");
                String[] cell = cell(type);
                while (values.size() < col) {
                    values.add("");
                    text.add(false);
                }
                boolean isText = "s".equals(type) || "inlineStr".equals(type) || "str".equals(type);
                values.add(isText ? cell[0] : number(cell[0]));
                text.add(isText && !cell[0].isEmpty());
                next = col + 1;
            }
        }
        return new RecordSource.Record(line, values, text);
    }

    /** Reads one {@code <c>} to its end: the value it shows (a formula's cached result, never evaluated). */
    private String[] cell(String type) throws XMLStreamException {
        StringBuilder v = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        int depth = 1;
        String in = null;
        boolean phonetic = false;
        while (depth > 0 && sheet.hasNext()) {
            int ev = sheet.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                in = sheet.getLocalName();
                if ("rPh".equals(in)) {
                    phonetic = true;
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if ("rPh".equals(sheet.getLocalName())) {
                    phonetic = false;
                }
                in = null;
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                if ("v".equals(in)) {
                    v.append(sheet.getText());
                } else if ("t".equals(in) && !phonetic) {
                    inline.append(sheet.getText());
                }
            }
        }
        String value;
        if ("inlineStr".equals(type)) {
            value = inline.toString();
        } else if ("s".equals(type)) {
            int i;
            try {
                i = Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new BulkFormatException(line, "a cell refers to a shared string that is not a number");
            }
            if (i < 0 || i >= shared.size()) {
                throw new BulkFormatException(line, "a cell refers to shared string " + i + ", which the workbook lacks");
            }
            value = shared.get(i);
        } else if ("b".equals(type)) {
            value = "1".equals(v.toString().trim()) ? "true" : "false";
        } else {
            value = v.toString();
        }
        return new String[] {value};
    }

    /** Numbers as a person typed them: {@code 600001} rather than {@code 600001.0} or {@code 6.00001E5}. */
    private static String number(String v) {
        String t = v.trim();
        if (t.isEmpty() || !(t.indexOf('.') >= 0 || t.indexOf('E') >= 0)) {
            return t;
        }
        try {
            BigDecimal d = new BigDecimal(t).stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return t;
        }
    }

    /** Zero-based column of a cell reference such as {@code AB12}. */
    static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            c = c * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return c - 1;
    }

    private static String firstSheet(ZipFile zip, Budget left) throws IOException, XMLStreamException {
        String relId = null;
        try (XmlEntry wb = XmlEntry.open(zip, "xl/workbook.xml", left)) {
            if (wb == null) {
                throw new BulkFormatException(0, "the file is a ZIP archive but not an XLSX workbook (no xl/workbook.xml)");
            }
            while (wb.xml.hasNext() && relId == null) {
                if (wb.xml.next() == XMLStreamConstants.START_ELEMENT && "sheet".equals(wb.xml.getLocalName())) {
                    relId = wb.xml.getAttributeValue(REL_NS, "id");
                }
            }
        }
        if (relId == null) {
            throw new BulkFormatException(0, "the XLSX workbook has no worksheet");
        }
        String id = relId;
        String target = relationship(zip, left, r -> r[0].equals(id));
        return target == null ? "xl/worksheets/sheet1.xml" : target;
    }

    private static List<String> sharedStrings(ZipFile zip, Budget left) throws IOException, XMLStreamException {
        String target = relationship(zip, left, r -> r[1].endsWith("/sharedStrings"));
        List<String> out = new ArrayList<>();
        try (XmlEntry sst = XmlEntry.open(zip, target == null ? "xl/sharedStrings.xml" : target, left)) {
            if (sst == null) {
                return out;
            }
            StringBuilder b = null;
            boolean inT = false;
            boolean phonetic = false;
            while (sst.xml.hasNext()) {
                int ev = sst.xml.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    switch (sst.xml.getLocalName()) {
                        case "si" -> b = new StringBuilder();
                        case "t" -> inT = true;
                        case "rPh" -> phonetic = true;
                        default -> { }
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    switch (sst.xml.getLocalName()) {
                        case "si" -> out.add(b == null ? "" : b.toString());
                        case "t" -> inT = false;
                        case "rPh" -> phonetic = false;
                        default -> { }
                    }
                } else if (inT && !phonetic && b != null && (ev == XMLStreamConstants.CHARACTERS
                        || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE)) {
                    b.append(sst.xml.getText());
                }
            }
        }
        return out;
    }

    /** The target (as a ZIP path) of the first workbook relationship {@code [id, type]} that matches. */
    private static String relationship(ZipFile zip, Budget left, java.util.function.Predicate<String[]> match)
            throws IOException, XMLStreamException {
        try (XmlEntry rels = XmlEntry.open(zip, "xl/_rels/workbook.xml.rels", left)) {
            if (rels == null) {
                return null;
            }
            while (rels.xml.hasNext()) {
                if (rels.xml.next() == XMLStreamConstants.START_ELEMENT
                        && "Relationship".equals(rels.xml.getLocalName())) {
                    String id = rels.xml.getAttributeValue(null, "Id");
                    String type = rels.xml.getAttributeValue(null, "Type");
                    String target = rels.xml.getAttributeValue(null, "Target");
                    if (id != null && type != null && target != null && match.test(new String[] {id, type})) {
                        return target.startsWith("/") ? target.substring(1) : "xl/" + target;
                    }
                }
            }
            return null;
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public boolean padsRows() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
        } catch (XMLStreamException ignored) {
            // closing the stream below is what matters
        }
        sheetIn.close();
        zip.close();
    }

    private static final class Budget {
        long left;

        Budget(long left) {
            this.left = left;
        }
    }

    private static final class Capped extends FilterInputStream {
        private final Budget budget;

        Capped(InputStream in, Budget budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                take(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                take(n);
            }
            return n;
        }

        private void take(int n) {
            budget.left -= n;
            if (budget.left < 0) {
                throw new BulkFormatException(0, "the XLSX workbook unpacks to far more data than its size allows"
                        + " (a ZIP bomb?); nothing imported");
            }
        }
    }

    private record XmlEntry(InputStream in, XMLStreamReader xml) implements AutoCloseable {
        static XmlEntry open(ZipFile zip, String path, Budget left) throws IOException, XMLStreamException {
            ZipEntry e = zip.getEntry(path);
            if (e == null) {
                return null;
            }
            InputStream in = new Capped(zip.getInputStream(e), left);
            return new XmlEntry(in, factory().createXMLStreamReader(in, "UTF-8"));
        }

        @Override
        public void close() throws IOException {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // the stream is closed next
            }
            in.close();
        }
    }
}
