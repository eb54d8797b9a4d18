package org.kcedu.bulk;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Keys claimed by more than one row of a file (§5.3.8). Built in the pre-scan pass from 64-bit hashes of the keys and
 * of the rows' contents (not the values themselves), then reduced to the duplicated keys only, so the batch pass
 * holds a small map.
 * <ul>
 * <li>Rows that are <b>exact</b> copies of each other: the first is applied, every later copy is a warning
 * ("applied once"), since identical data repeated must have no more effect than once.</li>
 * <li>Rows that claim one key with <b>different</b> contents conflict: every one of them is rejected, naming another
 * line that claims the key (the first line for the later rows, the second for the first), since which one is
 * right is the sender's call.</li>
 * </ul>
 */
final class DuplicateKeys {

    /** The verdict for one key of one row. */
    record Verdict(boolean conflict, long otherLine) {
    }

    private static final class Dup {
        final long first;
        long second;
        final long firstContent;
        boolean conflict;

        Dup(long first, long firstContent) {
            this.first = first;
            this.firstContent = firstContent;
        }
    }

    private Map<Long, long[]> claims = new HashMap<>();
    private final Map<Long, Dup> duplicates = new HashMap<>();

    void claim(String key, long line, long content) {
        long h = hash(key);
        long[] prev = claims.putIfAbsent(h, new long[] {line, content});
        if (prev == null || prev[0] == line) {
            return;
        }
        Dup d = duplicates.computeIfAbsent(h, k -> new Dup(prev[0], prev[1]));
        if (d.second == 0) {
            d.second = line;
        }
        if (content != d.firstContent) {
            d.conflict = true;
        }
    }

    /** Ends the claiming phase and frees the per-key memory. */
    void seal() {
        claims = null;
    }

    /** {@code null} when only this row claims {@code key}. */
    Verdict verdict(String key, long line) {
        Dup d = duplicates.get(hash(key));
        if (d == null) {
            return null;
        }
        if (d.conflict) {
            return new Verdict(true, line == d.first ? d.second : d.first);
        }
        return line == d.first ? null : new Verdict(false, d.first);
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

    /** The content of a row as one hash: its columns and values in file order (two rows equal iff identical). */
    static long content(Map<String, String> cells) {
        StringBuilder b = new StringBuilder();
        cells.forEach((k, v) -> b.append(k).append('\u0000').append(v).append('\u0001'));
        return hash(b.toString());
    }
}
