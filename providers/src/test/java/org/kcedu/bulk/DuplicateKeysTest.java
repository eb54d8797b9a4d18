package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcedu.bulk.DuplicateKeys.Verdict;
import org.kcedu.bulk.csv.CsvRow;

class DuplicateKeysTest {

    @Test
    void onlyKeysClaimedOnTwoLinesAreDuplicates() {
        DuplicateKeys keys = new DuplicateKeys();
        keys.claim("username:ann", 2, 1);
        keys.claim("username:bob", 3, 2);
        keys.claim("username:ann", 7, 3);
        keys.claim("email:c@x.org", 4, 4);
        keys.claim("email:c@x.org", 4, 4); // the same row naming it twice is not a duplicate
        keys.seal();
        assertEquals(new Verdict(Verdict.Kind.CONFLICT, "username:ann", 7), keys.check("username:ann", 2, 1));
        assertEquals(new Verdict(Verdict.Kind.CONFLICT, "username:ann", 2), keys.check("username:ann", 7, 3),
                "each line points at the other one, never at itself");
        assertNull(keys.check("username:bob", 3, 2));
        assertNull(keys.check("email:c@x.org", 4, 4));
    }

    @Test
    void identicalRowsAreOneRowAndItsRepeats() {
        DuplicateKeys keys = new DuplicateKeys();
        keys.claim("username:ann", 2, 9);
        keys.claim("username:ann", 5, 9);
        keys.claim("username:ann", 8, 9);
        keys.seal();
        assertNull(keys.check("username:ann", 2, 9), "the first is applied");
        assertEquals(new Verdict(Verdict.Kind.REPEAT, "username:ann", 2), keys.check("username:ann", 5, 9));
        assertEquals(new Verdict(Verdict.Kind.REPEAT, "username:ann", 2), keys.check("username:ann", 8, 9));
    }

    @Test
    void oneDifferentRowMakesAllOfThemConflicting() {
        DuplicateKeys keys = new DuplicateKeys();
        keys.claim("username:ann", 2, 9);
        keys.claim("username:ann", 5, 9);
        keys.claim("username:ann", 8, 1);
        keys.seal();
        assertEquals(8, keys.check("username:ann", 2, 9).otherLine());
        assertEquals(8, keys.check("username:ann", 5, 9).otherLine(), "points at a line with other values");
        assertEquals(2, keys.check("username:ann", 8, 1).otherLine());
        assertEquals(Verdict.Kind.CONFLICT, keys.check("username:ann", 5, 9).kind());
    }

    @Test
    void contentHashIsEqualForIdenticalCellsAndActionKeywordSpelling() {
        assertEquals(DuplicateKeys.content(row("DELETE", "ann", "A")), DuplicateKeys.content(row(" delete ", "ann", "A")));
        assertNotEquals(DuplicateKeys.content(row("", "ann", "A")), DuplicateKeys.content(row("", "ann", "B")));
        assertNotEquals(DuplicateKeys.content(row("", "ann", "A")), DuplicateKeys.content(row("DELETE", "ann", "A")));
    }

    private static CsvRow row(String action, String username, String name) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("action", action);
        cells.put("username", username);
        cells.put("first_name", name);
        return new CsvRow(2, 1, cells, List.of(action, username, name), null);
    }
}
