package org.kcedu.bulk.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellEscapingTest {

    @ParameterizedTest
    @ValueSource(strings = {"=SUM(A1:A2)", "+1", "-1", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://evil\")"})
    void formulaTriggersArePrefixedWithAQuote(String value) {
        assertEquals("'" + value, CellEscaping.neutralise(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {" =1+2", "   +1", "\t=1+2", " \t=1", "' =x"})
    void aFormulaAfterLeadingSpacesOrATabIsNeutralisedToo(String value) {
        assertEquals("'" + value, CellEscaping.neutralise(value));
        assertEquals(value, CellEscaping.restore(CellEscaping.neutralise(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "", "a=b", "1-2", "O'Brien", "'", "''", "'plain", "x@y.org", "  spaced  ", " a=b"})
    void harmlessValuesAreLeftAlone(String value) {
        assertEquals(value, CellEscaping.neutralise(value));
        assertEquals(value, CellEscaping.restore(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "'=1+1", "''=1+1", "-", "'-", "@", "+x", "'", "'x", "\t", "=", "''", " ", "' ",
        "'  -1", "  '=1"})
    void restoreUndoesNeutraliseExactly(String value) {
        assertEquals(value, CellEscaping.restore(CellEscaping.neutralise(value)));
    }

    @Test
    void aGenuineLeadingQuoteBeforeATriggerSurvivesTheRoundTrip() {
        assertEquals("''=x", CellEscaping.neutralise("'=x"));
        assertEquals("'=x", CellEscaping.restore("''=x"));
    }

    @Test
    void aQuotedFormulaInAHandWrittenFileImportsAsTheFormulaText() {
        assertEquals("=1+1", CellEscaping.restore("'=1+1"));
    }

    @Test
    void nullStaysNull() {
        assertEquals(null, CellEscaping.neutralise(null));
        assertEquals(null, CellEscaping.restore(null));
    }
}
