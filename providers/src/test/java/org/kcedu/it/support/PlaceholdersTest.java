package org.kcedu.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void environmentWinsOverDefault() {
        assertEquals("a-x-b", Placeholders.resolve("a-${V:d}-b", Map.of("V", "x")::get));
    }

    @Test
    void defaultUsedWhenUnset() {
        assertEquals("host=localhost port=1025", Placeholders.resolve("host=${H:localhost} port=${P:1025}", k -> null));
    }

    @Test
    void missingWithoutDefaultIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Placeholders.resolve("${NOPE}", k -> null));
    }
}
