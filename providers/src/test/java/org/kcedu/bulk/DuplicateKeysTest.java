package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DuplicateKeysTest {

    @Test
    void onlyKeysClaimedOnTwoLinesAreDuplicates() {
        DuplicateKeys keys = new DuplicateKeys();
        keys.claim("username:ann", 2);
        keys.claim("username:bob", 3);
        keys.claim("username:ann", 7);
        keys.claim("email:c@x.org", 4);
        keys.claim("email:c@x.org", 4); // the same row naming it twice is not a duplicate
        keys.seal();
        assertEquals(2L, keys.duplicateOf("username:ann"));
        assertNull(keys.duplicateOf("username:bob"));
        assertNull(keys.duplicateOf("email:c@x.org"));
    }
}
