package org.kcedu.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MailRateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstIsOneMinutesWorthThenTheRateRefills() {
        MailRate rate = new MailRate(3, now::get);
        assertTrue(rate.tryTake());
        assertTrue(rate.tryTake());
        assertTrue(rate.tryTake());
        assertFalse(rate.tryTake(), "the fourth e-mail within the minute waits");
        assertEquals(20, rate.secondsUntilNext(), "3 per minute: one every 20 s");
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertTrue(rate.tryTake());
        assertFalse(rate.tryTake());
    }

    @Test
    void idleTimeNeverBanksMoreThanOneMinute() {
        MailRate rate = new MailRate(2, now::get);
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertTrue(rate.tryTake());
        assertTrue(rate.tryTake());
        assertFalse(rate.tryTake());
        assertEquals(0, new MailRate(2, now::get).secondsUntilNext());
    }
}
