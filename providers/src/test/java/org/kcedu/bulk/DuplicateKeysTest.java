package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DuplicateKeysTest {

    @Test
    void conflictingDuplicatesPointAtTheOtherLine() {
        DuplicateKeys keys = new DuplicateKeys();
        keys.claim("username:ann", 2, 1);
        keys.claim("username:bob", 3, 2);
        keys.claim("username:ann", 7, 3);
        keys.claim("username:ann", 9, 1);
        keys.claim("email:c@x.org", 4, 4);
        keys.claim("email:c@x.org", 4, 4); // the same row naming it twice is not a duplicate
        keys.seal();
        assertEquals(new DuplicateKeys.Verdict(true, 7), keys.verdict("username:ann", 2), "the first names the second");
        assertEquals(new DuplicateKeys.Verdict(true, 2), keys.verdict("username:ann", 7));
        assertEquals(new DuplicateKeys.Verdict(true, 2), keys.verdict("username:ann", 9),
                "a copy of the first is still part of a conflict");
        assertNull(keys.verdict("username:bob", 3));
        assertNull(keys.verdict("email:c@x.org", 4));
    }

    @Test
    void exactCopiesApplyTheFirstAndWarnForTheRest() {
        DuplicateKeys keys = new DuplicateKeys();
        long c = DuplicateKeys.content(Map.of("username", "ann"));
        keys.claim("username:ann", 2, c);
        keys.claim("username:ann", 5, DuplicateKeys.content(Map.of("username", "ann")));
        keys.claim("username:ann", 8, c);
        keys.seal();
        assertNull(keys.verdict("username:ann", 2));
        assertEquals(new DuplicateKeys.Verdict(false, 2), keys.verdict("username:ann", 5));
        assertEquals(new DuplicateKeys.Verdict(false, 2), keys.verdict("username:ann", 8));
    }
}
