package org.kcedu.audit.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LoginFailureBurstsTest {

    @Test
    void oneSignalPerUserAndMinuteAtTheThreshold() {
        LoginFailureBursts b = new LoginFailureBursts(3);
        long t = 1_764_000_000_000L - 1_764_000_000_000L % 60_000;
        long signals = IntStream.range(0, 10).filter(i -> b.failed("edu|u1", t + i * 1000)).count();
        assertEquals(1, signals, "ten failures in one minute = one burst");
        assertEquals(false, b.failed("edu|u2", t));
        assertEquals(false, b.failed("edu|u2", t + 1));
        assertEquals(true, b.failed("edu|u2", t + 2), "counted per user");
        assertEquals(false, b.failed("edu|u1", t + 60_000), "a new minute starts over");
        assertEquals(false, b.failed("edu|u1", t + 60_001));
        assertEquals(true, b.failed("edu|u1", t + 60_002));
    }
}
