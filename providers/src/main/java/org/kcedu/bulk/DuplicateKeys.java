package org.kcedu.bulk;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.kcedu.bulk.csv.CsvRow;

/**
 * Keys claimed by more than one row of a file. Built in the pre-scan pass from 64-bit hashes of the keys and of the
 * rows' contents (not the keys themselves) and then reduced to the duplicates only, so the batch pass holds a small
 * map.
 * <ul>
 * <li>All rows claiming a key have identical cells ({@link Verdict.Kind#REPEAT}): the first is applied, each later
 * one is a repeat (applied once in effect, reported as a warning pointing at the first line).</li>
 * <li>Some differ ({@link Verdict.Kind#CONFLICT}): every row claiming the key is rejected, whichever comes first
 * (which one is right is the sender's call), each naming another line that claims it with other values, or the first
 * line when there is none.</li>
 * </ul>
 */
final class DuplicateKeys {

    /** What the file says about one row's key. {@code otherLine} is never the row's own line. */
    record Verdict(Kind kind, String key, long otherLine) {
        enum Kind { REPEAT, CONFLICT }
    }

    /** firstLine, firstContent, conflictLine (0 = none) of a key claimed more than once. */
    private static final class Dup {
        final long firstLine;
        final long firstContent;
        long conflictLine;

        Dup(long firstLine, long firstContent) {
            this.firstLine = firstLine;
            this.firstContent = firstContent;
        }
    }

    /** key hash -> {first line, content hash of that row}: only while claiming. */
    private Map<Long, long[]> first = new HashMap<>();
    private final Map<Long, Dup> duplicates = new HashMap<>();

    void claim(String key, long line, long content) {
        long h = hash(key);
        long[] prev = first.putIfAbsent(h, new long[] {line, content});
        if (prev != null && prev[0] != line) {
            Dup d = duplicates.computeIfAbsent(h, k -> new Dup(prev[0], prev[1]));
            if (content != d.firstContent && d.conflictLine == 0) {
                d.conflictLine = line;
            }
        }
    }

    /** Ends the claiming phase and frees the per-key memory. */
    void seal() {
        first = null;
    }

    /**
     * {@code null} when {@code key} is claimed by this row alone, or when this row is the first of identical rows
     * (it is applied); otherwise the verdict for this row.
     */
    Verdict check(String key, long line, long content) {
        Dup d = duplicates.get(hash(key));
        if (d == null) {
            return null;
        }
        if (d.conflictLine != 0) {
            long other;
            if (line == d.firstLine) {
                other = d.conflictLine;
            } else if (content == d.firstContent) {
                other = d.conflictLine;
            } else {
                other = d.firstLine;
            }
            return new Verdict(Verdict.Kind.CONFLICT, key, other);
        }
        return line == d.firstLine ? null : new Verdict(Verdict.Kind.REPEAT, key, d.firstLine);
    }

    /** The hash of a row's cells (column and value, the action as its keyword): equal for identical rows. */
    static long content(CsvRow row) {
        StringBuilder b = new StringBuilder();
        CsvRow.Action action = row.action();
        b.append(action == null ? "?" : action.name()).append('\u0000');
        row.cells().forEach((column, value) -> {
            if (!column.equals(org.kcedu.bulk.csv.HeaderSchema.ACTION)) {
                b.append(column).append('\u0001').append(value).append('\u0000');
            }
        });
        return hash(b.toString());
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
