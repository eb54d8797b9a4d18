package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BulkCellsTest {

    @Test
    void listsAreSplitTrimmedAndCanonicallyJoined() {
        assertEquals(List.of("SCHOOL", "DISTRICT"), BulkCells.list(" SCHOOL | | DISTRICT "));
        assertEquals(List.of(), BulkCells.list(""));
        assertEquals(List.of(), BulkCells.list(null));
        assertEquals("DISTRICT|SCHOOL", BulkCells.joinSorted(List.of("SCHOOL", "DISTRICT", "SCHOOL")));
    }

    @Test
    void instantsAcceptDatesAndInstantsOnly() {
        assertEquals(1798675200000L, BulkCells.instant("expiry", "2026-12-31"));
        assertEquals(1798761599000L, BulkCells.instant("expiry", "2026-12-31T23:59:59Z"));
        assertNull(BulkCells.instant("expiry", " "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BulkCells.instant("start", "31/12/2026"));
        assertTrue(e.getMessage().startsWith("start '31/12/2026' is not an ISO-8601 date"), e.getMessage());
    }

    @Test
    void booleans() {
        assertEquals(Boolean.TRUE, BulkCells.parseBoolean(" TRUE "));
        assertEquals(Boolean.FALSE, BulkCells.parseBoolean("false"));
        assertNull(BulkCells.parseBoolean("yes"));
        assertNull(BulkCells.parseBoolean(""));
    }
}
