package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NameFoldTest {

    @Test
    void caseAndAccentsFoldAway() {
        assertEquals("munoz", NameFold.fold("Muñoz"));
        assertEquals("munoz", NameFold.fold("MUÑOZ"));
        assertEquals("munoz", NameFold.fold(" muñoz "));
        assertEquals("zoe", NameFold.fold("Zoë"));
        // decomposed input (NFD from some keyboards / systems) gives the same
        assertEquals("jose", NameFold.fold("Jose\u0301"));
        assertEquals("angstrom", NameFold.fold("Ångström"));
        assertEquals("nguyen thi thuy", NameFold.fold("Nguyễn Thị Thủy"));
    }

    @Test
    void lettersWithoutDecompositionAreSpelledOut() {
        assertEquals("strasse", NameFold.fold("Straße"));
        assertEquals("ostergaard", NameFold.fold("Østergaard"));
        assertEquals("lodz", NameFold.fold("Łódź"));
        assertEquals("aero", NameFold.fold("Ærø"));
        assertEquals("oeuvre", NameFold.fold("Œuvre"));
        assertEquals("doe", NameFold.fold("Đoe"));
    }

    @Test
    void plainAndEmptyValues() {
        assertEquals("smith", NameFold.fold("Smith"));
        assertEquals("o'brien-jones", NameFold.fold("O'Brien-Jones"));
        assertEquals("", NameFold.fold(""));
        assertNull(NameFold.fold(null));
        assertEquals(NameFold.MAX, NameFold.fold("é".repeat(300)).length());
    }
}
