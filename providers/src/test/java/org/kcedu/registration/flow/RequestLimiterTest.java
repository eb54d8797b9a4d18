package org.kcedu.registration.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RequestLimiterTest {

    @Test
    void countsPerKeyWithinAnHourThenStartsAgain() {
        AtomicLong now = new AtomicLong(1_000_000);
        RequestLimiter limiter = new RequestLimiter(now::get);
        assertTrue(limiter.tryAcquire("a", 2));
        assertTrue(limiter.tryAcquire("a", 2));
        assertFalse(limiter.tryAcquire("a", 2));
        assertTrue(limiter.tryAcquire("b", 2), "another key has its own count");
        now.addAndGet(RequestLimiter.WINDOW_MILLIS);
        assertTrue(limiter.tryAcquire("a", 2), "a new window");
    }

    @Test
    void canonicalAddressesAreLowerCaseWithoutTheTrailingDot() {
        assertEquals("ann@allowed.edu", EmailAddress.canonical(" Ann@ALLOWED.EDU. "));
        assertNull(EmailAddress.canonical("ann@@allowed.edu"));
        assertNull(EmailAddress.canonical("an n@allowed.edu"));
        assertNull(EmailAddress.canonical(".ann@allowed.edu"));
    }
}
