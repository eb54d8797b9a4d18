package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pure parts of the directory rules of issue 15: assignment periods (§3.5.3) and NCES id shapes (§3.2.3). */
class DirectoryRulesTest {

    static final long NOW = 1_800_000_000_000L;

    @Test
    void anExpiryMustLieAfterTheStartAndInTheFuture() {
        assertNull(Assignments.periodProblem(null, null, NOW), "no period at all is fine");
        assertNull(Assignments.periodProblem(NOW - 10_000, NOW + 1, NOW), "a past start with a future expiry is fine");
        assertNull(Assignments.periodProblem(null, NOW + 1, NOW));
        assertTrue(Assignments.periodProblem(NOW + 5, NOW + 5, NOW).contains("after the start"));
        assertTrue(Assignments.periodProblem(NOW + 5, NOW + 1, NOW).contains("after the start"));
        assertTrue(Assignments.periodProblem(null, NOW, NOW).contains("not in the future"), "expiring now is past");
        assertTrue(Assignments.periodProblem(null, NOW - 1, NOW).contains("not in the future"));
        assertTrue(Assignments.periodProblem(null, NOW - 1, NOW).contains(Instants.iso(NOW - 1)), "names the expiry");
    }

    @Test
    void withoutNowOnlyTheOrderIsChecked() {
        // an unchanged past expiry (an expired assignment kept readable) is not re-judged
        assertNull(Assignments.periodProblem(NOW - 20, NOW - 10, null));
        assertTrue(Assignments.periodProblem(NOW - 10, NOW - 20, null).contains("after the start"));
    }

    @Test
    void ncesShapesAreSevenDigitsForADistrictAndTwelveForASchool() {
        assertNull(Domains.ncesFormatWarning("DISTRICT", "0600001"));
        assertNull(Domains.ncesFormatWarning("SCHOOL", "060000100001"));
        assertNull(Domains.ncesFormatWarning("SCHOOL", null), "no NCES id, nothing to check");
        assertNull(Domains.ncesFormatWarning("STATE", "CA"), "other types are not checked");
        assertNull(Domains.ncesFormatWarning("GROUP_OF_SCHOOLS", "x"));
        String w = Domains.ncesFormatWarning("DISTRICT", "060000");
        assertTrue(w.startsWith("ncesId: "), w);
        assertTrue(w.contains("7 digits") && w.contains("060000"), w);
        assertTrue(Domains.ncesFormatWarning("SCHOOL", "0600001").contains("12 digits"));
        assertTrue(Domains.ncesFormatWarning("SCHOOL", "06000010000A") != null, "digits only");
        assertEquals(null, Domains.ncesFormatWarning("DISTRICT", "1234567"));
    }
}
