package org.kcedu.bulk.csv;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * The rows of an XLSX workbook's first sheet, streamed: POI's {@link XSSFReader} opens the package from the stored
 * file (entries are inflated on demand, within {@link ZipSecureFile}'s zip-bomb limits) and the sheet's XML is read
 * with a StAX pull parser, one {@code <row>} per {@link #next()}, so memory does not grow with the rows. (POI's SAX
 * {@code XSSFSheetXMLHandler} pushes rows and does not tell which cells are formulas, which import must know.)
 * <p>
 * Cell values: text as stored (no trimming: a cell is exact, like a quoted CSV field); booleans {@code true} /
 * {@code false}; numbers in a date format as ISO-8601 ({@code 2026-09-01}, or {@code 2026-09-01T08:30:00Z} with a
 * time, taken as UTC); other numbers with their own number format when they have one (so {@code 000000} keeps
 * leading zeros) and otherwise as the plain decimal value (never scientific notation). Formula cells are never
 * evaluated and their cached results are not taken either: the row is refused, naming the cell, because a cached
 * result may be stale or absent (files written by scripts often have none, and an empty cell would clear an
 * attribute). Error values ({@code #N/A}) are refused the same way. Shared strings (what Excel writes for text) are
 * held in memory, bounded by the upload limit; kc-edu's own exports write inline strings and need none.
 */
public final class XlsxRecordSource implements RecordSource {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private final OPCPackage pkg;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final DataFormatter formatter = new DataFormatter(Locale.ROOT);
    private long lastRow;
    private boolean done;

    private XlsxRecordSource(OPCPackage pkg, InputStream sheet, XMLStreamReader xml, ReadOnlySharedStringsTable strings,
                             StylesTable styles) {
        this.pkg = pkg;
        this.sheet = sheet;
        this.xml = xml;
        this.strings = strings;
        this.styles = styles;
    }

    public static XlsxRecordSource open(Path file, XlsxLimits limits) {
        applyLimits(limits);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            throw unreadable(e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new BulkFormatException(0, "the workbook has no sheet");
            }
            InputStream sheet = sheets.next(); // only the first sheet is a bulk file; others are ignored
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheet);
            return new XlsxRecordSource(pkg, sheet, xml, strings, styles);
        } catch (BulkFormatException e) {
            pkg.revert();
            throw e;
        } catch (Exception e) {
            pkg.revert();
            throw unreadable(e);
        }
    }

    /** POI's limits are JVM-wide; kc-edu is the only POI user in Keycloak, and every reader sets the same values. */
    static void applyLimits(XlsxLimits limits) {
        ZipSecureFile.setMinInflateRatio(XlsxLimits.MIN_INFLATE_RATIO);
        ZipSecureFile.setGraceEntrySize(XlsxLimits.GRACE_BYTES);
        ZipSecureFile.setMaxEntrySize(limits.maxEntryBytes());
    }

    @Override
    public Record next() {
        if (done) {
            return null;
        }
        try {
            return readRow();
        } catch (BulkFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new BulkFormatException(lastRow + 1, message(e));
        }
    }

    @Override
    public boolean shortRecordsArePadded() {
        return true;
    }

    private Record readRow() throws XMLStreamException {
        List<String> cells = null;
        long row = 0;
        int col = -1;
        String type = null;
        String style = null;
        String value = null;
        String inline = null;
        String formula = null;
        int badCell = -1;
        String badReason = null;
        while (xml.hasNext()) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "row" -> {
                        String r = xml.getAttributeValue(null, "r");
                        row = r == null ? lastRow + 1 : Long.parseLong(r.trim());
                        cells = new ArrayList<>();
                        col = -1;
                    }
                    case "c" -> {
                        String ref = xml.getAttributeValue(null, "r");
                        col = ref == null ? col + 1 : new CellReference(ref).getCol();
                        type = xml.getAttributeValue(null, "t");
                        style = xml.getAttributeValue(null, "s");
                        value = null;
                        inline = null;
                        formula = null;
                    }
                    case "f" -> formula = xml.getElementText();
                    case "v" -> value = xml.getElementText();
                    case "is" -> inline = inlineText();
                    default -> { }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "c" -> {
                        if (cells == null) {
                            break;
                        }
                        while (cells.size() < col) {
                            cells.add("");
                        }
                        // a formula row is refused; its report shows the formula, so that uploading the report
                        // unfixed is refused again instead of taking a stale or missing result
                        String text = formula != null && !formula.isBlank() ? "=" + formula
                                : text(type, style, value, inline);
                        String reason = formula != null ? "holds a formula" + (formula.isBlank() ? ""
                                : " (=" + abbreviate(formula) + ")") + "; formulas are never evaluated on import:"
                                + " replace it by its value (copy, then paste as values)"
                                : "e".equals(type) ? "holds the error value " + value + "; enter the value itself"
                                : null;
                        if (reason != null && badCell < 0) {
                            badCell = col;
                            badReason = reason;
                        }
                        if (cells.size() == col) {
                            cells.add(text);
                        } else {
                            cells.set(col, text); // a cell named twice: the later one wins, as in Excel
                        }
                    }
                    case "row" -> {
                        if (cells != null) {
                            lastRow = row;
                            return new Record(row, cells, badCell, badReason);
                        }
                    }
                    case "sheetData" -> {
                        done = true;
                        return null;
                    }
                    default -> { }
                }
            }
        }
        done = true;
        return null;
    }

    /** The text of an inline string: its runs' {@code <t>}, without phonetic ({@code <rPh>}) runs. */
    private String inlineText() throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        int phonetic = 0;
        while (xml.hasNext()) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String n = xml.getLocalName();
                if ("rPh".equals(n)) {
                    phonetic++;
                } else if ("t".equals(n) && phonetic == 0) {
                    b.append(xml.getElementText());
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String n = xml.getLocalName();
                if ("rPh".equals(n)) {
                    phonetic--;
                } else if ("is".equals(n)) {
                    break;
                }
            }
        }
        return b.toString();
    }

    private String text(String type, String style, String value, String inline) {
        if (type == null || type.equals("n")) {
            return value == null || value.isEmpty() ? "" : number(value, style);
        }
        return switch (type) {
            case "s" -> value == null || value.isBlank() ? "" : strings.getItemAt(Integer.parseInt(value.trim())).getString();
            case "inlineStr" -> inline != null ? inline : value == null ? "" : value;
            case "b" -> "1".equals(value) ? "true" : "0".equals(value) ? "false" : value == null ? "" : value;
            default -> value == null ? "" : value; // str (a formula's text result), d (ISO date), e (refused)
        };
    }

    private String number(String raw, String style) {
        double d;
        try {
            d = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        if (styles != null && style != null && !style.isBlank()) {
            XSSFCellStyle s = styles.getStyleAt(Integer.parseInt(style.trim()));
            if (s != null) {
                int index = s.getDataFormat();
                String format = s.getDataFormatString();
                if (format != null && DateUtil.isADateFormat(index, format) && DateUtil.isValidExcelDate(d)) {
                    LocalDateTime t = DateUtil.getLocalDateTime(d, false, true).truncatedTo(ChronoUnit.SECONDS);
                    return t.toLocalTime().toSecondOfDay() == 0 ? t.toLocalDate().toString()
                            : INSTANT.format(t.atOffset(ZoneOffset.UTC));
                }
                if (format != null && !format.equalsIgnoreCase("General") && !format.equals("@")) {
                    return formatter.formatRawCellContents(d, index, format);
                }
            }
        }
        return new BigDecimal(raw.trim()).stripTrailingZeros().toPlainString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static BulkFormatException unreadable(Exception e) {
        return new BulkFormatException(0, message(e));
    }

    /** A zip bomb or an oversized part gets its own wording; anything else is an unreadable workbook. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Zip bomb") || m.contains("max. ratio") || m.contains("MaxEntrySize")
                    || m.contains("max entry size") || m.contains("exceed")) {
                return "the XLSX file is refused: it unpacks to far more than it holds (a zip bomb, or a part larger"
                        + " than the limit); POI: " + m;
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "not a readable XLSX workbook (" + m + "); save the file again as an Excel workbook (.xlsx) or as CSV";
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing a reader of a stream we close below
        }
        sheet.close();
        pkg.revert();
    }
}
