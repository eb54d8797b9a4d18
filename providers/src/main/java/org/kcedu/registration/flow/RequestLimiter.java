package org.kcedu.registration.flow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Abuse protection for registration and reset requests: a fixed one-hour window per key (an e-mail address, a client
 * IP). In memory, per node: on a cluster each node counts its own share, which still bounds what one source can make
 * the realm send. Counting does not depend on whether the address has an account, so the limit reveals nothing.
 */
public final class RequestLimiter {

    static final long WINDOW_MILLIS = 3_600_000L;
    private static final int MAX_KEYS = 200_000;

    private record Window(long start, int count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public RequestLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts one request against {@code key}; false when it is over {@code limit} in the current window. */
    public boolean tryAcquire(String key, int limit) {
        long now = clock.getAsLong();
        if (windows.size() > MAX_KEYS) {
            windows.values().removeIf(w -> now - w.start() >= WINDOW_MILLIS);
        }
        Window w = windows.compute(key, (k, old) -> old == null || now - old.start() >= WINDOW_MILLIS
                ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        return w.count() <= limit;
    }
}
