package org.kcedu.audit.keycloak;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per realm and user in fixed one-minute windows and says when a window reaches the threshold,
 * so that a password-guessing burst yields one audit record instead of one per attempt. Per node: in a cluster each
 * node counts the attempts it saw.
 */
public final class LoginFailureBursts {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int CLEAN_ABOVE = 10_000;

    private record Window(long start, int count) {
    }

    private final int threshold;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public LoginFailureBursts(int threshold) {
        this.threshold = Math.max(1, threshold);
    }

    public int threshold() {
        return threshold;
    }

    /** Records one failure; true exactly once per window, for the failure that reaches the threshold. */
    public boolean failed(String key, long nowMillis) {
        long start = nowMillis - nowMillis % WINDOW_MILLIS;
        Window w = windows.compute(key, (k, old) -> old == null || old.start() != start
                ? new Window(start, 1) : new Window(start, old.count() + 1));
        if (windows.size() > CLEAN_ABOVE) {
            windows.values().removeIf(x -> x.start() < start);
        }
        return w.count() == threshold;
    }
}
