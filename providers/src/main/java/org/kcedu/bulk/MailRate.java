package org.kcedu.bulk;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket for e-mails: refills {@code perMinute} tokens per minute, holds at most {@code perMinute}, so a
 * burst never exceeds one minute's worth. Per node (a cluster of n nodes sends at most n times the rate).
 */
public final class MailRate {

    private final double perNano;
    private final double capacity;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    public MailRate(int perMinute, LongSupplier nanoClock) {
        this.capacity = perMinute;
        this.perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.clock = nanoClock;
        this.tokens = perMinute;
        this.last = nanoClock.getAsLong();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Seconds until the next token (0 when one is available now). */
    public synchronized long secondsUntilNext() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano / 1e9);
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
