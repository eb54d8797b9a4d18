package org.kcedu.bulk;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Keys claimed by more than one row of a file. Built in the pre-scan pass from 64-bit hashes of the keys (not the
 * keys themselves) and then reduced to the duplicates only, so the batch pass holds a small map. Every row that
 * claims a duplicated key is rejected, whichever comes first: which one is right is the sender's call.
 */
final class DuplicateKeys {

    private Map<Long, Long> firstLine = new HashMap<>();
    private final Map<Long, Long> duplicates = new HashMap<>();

    void claim(String key, long line) {
        long h = hash(key);
        Long prev = firstLine.putIfAbsent(h, line);
        if (prev != null && prev != line) {
            duplicates.putIfAbsent(h, prev);
        }
    }

    /** Ends the claiming phase and frees the per-key memory. */
    void seal() {
        firstLine = null;
    }

    /** The first line that claimed {@code key} when it is claimed more than once, else {@code null}. */
    Long duplicateOf(String key) {
        return duplicates.get(hash(key));
    }

    static long hash(String key) {
        // FNV-1a, 64 bit, over UTF-8: collisions among a few million keys are practically impossible
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
