package org.kcedu.directory.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.kcedu.directory.rest.DirectoryContext.Total;

/** The capped total of a search page (X-Total-Count, X-Total-Count-Capped) and the counts it asks for. */
class CappedTotalTest {

    /** A list of {@code matches} rows: records what count limits were asked and answers min(matches, limit). */
    private static final class Counter implements java.util.function.LongUnaryOperator {
        final long matches;
        final List<Long> asked = new ArrayList<>();

        Counter(long matches) {
            this.matches = matches;
        }

        @Override
        public long applyAsLong(long limit) {
            asked.add(limit);
            return Math.min(matches, limit);
        }
    }

    @Test
    void aPageThatIsNotFullIsTheEndOfTheListAndNeedsNoCount() {
        Counter c = new Counter(7);
        assertEquals(new Total(7, false), Total.of(0, 20, 7, 10_000, c));
        assertEquals(new Total(47, false), Total.of(40, 20, 7, 10_000, c));
        assertEquals(new Total(0, false), Total.of(0, 20, 0, 10_000, c), "nobody found");
        assertEquals(List.of(), c.asked);
    }

    @Test
    void belowTheCapTheTotalIsExact() {
        Counter c = new Counter(310);
        assertEquals(new Total(310, false), Total.of(0, 20, 20, 10_000, c));
        assertEquals(List.of(10_001L), c.asked, "one count of at most cap + 1 rows");
        assertEquals(new Total(10_000, false), Total.of(0, 20, 20, 10_000, new Counter(10_000)), "exactly the cap");
        assertEquals(new Total(3, false), Total.of(40, 20, 0, 10_000, new Counter(3)), "a page past the end counts");
    }

    @Test
    void aboveTheCapTheTotalIsTheCapBeyondTheFirstRowAndSaysSo() {
        Counter c = new Counter(62_047);
        assertEquals(new Total(10_000, true), Total.of(0, 20, 20, 10_000, c));
        assertEquals(new Total(10_000, true), Total.of(0, 20, 20, 10_000, new Counter(10_001)), "one more than the cap");
        Counter deep = new Counter(2_000_000);
        assertEquals(new Total(110_000, true), Total.of(100_000, 20, 20, 10_000, deep), "deep page: first + cap");
        assertEquals(List.of(110_001L), deep.asked);
        assertEquals(new Total(40, true), Total.of(0, 40, 40, 10, new Counter(62_047)), "a cap below the page: the page");
    }

    @Test
    void theHeadersCarryTheTotalAndTheCapOnlyWhenCapped() {
        List<String> full = Collections.nCopies(20, "u");
        Response capped = DirectoryContext.page(full, 0, 20, new Counter(62_047));
        assertEquals("10000", capped.getHeaderString(DirectoryContext.TOTAL));
        assertEquals("true", capped.getHeaderString(DirectoryContext.TOTAL_CAPPED));
        Response exact = DirectoryContext.page(full, 0, 20, new Counter(310));
        assertEquals("310", exact.getHeaderString(DirectoryContext.TOTAL));
        assertNull(exact.getHeaderString(DirectoryContext.TOTAL_CAPPED));
    }
}
