package org.kcedu.bulk.csv;

/**
 * OWASP CSV-injection neutralisation. A spreadsheet treats a cell starting with {@code = + - @}, TAB or CR as a
 * formula, so exports prefix such cells with a single quote, which spreadsheets display but do not evaluate.
 * <p>
 * The check applies to the exact stored value: spreadsheets skip leading spaces before a formula, so a value such as
 * {@code "  =1+2"} (only possible from a quoted field or the REST API) is neutralised too, as is {@code "\t=1+2"}.
 * <p>
 * The mapping is an exact bijection so that import undoes precisely what export did: a value is escaped iff it
 * matches {@code '* *[=+-@\t\r].*} (any leading quotes, any spaces, then a trigger), and a cell is unescaped iff it
 * matches {@code '+ *[=+-@\t\r].*}. Hence a genuine value such as {@code '=x} survives a round trip as {@code ''=x}.
 * A consequence for hand-written files: a leading quote directly before (spaces and) a trigger character is dropped
 * on import.
 */
public final class CellEscaping {

    private CellEscaping() {
    }

    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return quotesThenTrigger(value, 0) ? "'" + value : value;
    }

    public static String restore(String cell) {
        if (cell == null || cell.length() < 2 || cell.charAt(0) != '\'') {
            return cell;
        }
        return quotesThenTrigger(cell, 1) ? cell.substring(1) : cell;
    }

    private static boolean quotesThenTrigger(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == '\'') {
            i++;
        }
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i < s.length() && isTrigger(s.charAt(i));
    }

    private static boolean isTrigger(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
