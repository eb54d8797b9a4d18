package org.kcedu.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcedu.reports.LoginBatch.Day;
import org.kcedu.reports.LoginBatch.Login;
import org.kcedu.reports.LoginBatch.Summary;
import org.kcedu.reports.LoginBatch.UserClient;

class LoginBatchTest {

    private static final long DAY1 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    private static final long DAY1_LATE = Instant.parse("2026-12-01T23:59:59.999Z").toEpochMilli();
    private static final long DAY2 = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();

    @Test
    void perUserAndClientFirstLastAndCountPlusTheAllApplicationsRow() {
        LoginBatch b = LoginBatch.of(List.of(
                new Login("r", "u1", "portal", DAY1_LATE),
                new Login("r", "u1", "portal", DAY1),
                new Login("r", "u1", "library", DAY2),
                new Login("r", "u2", "portal", DAY2)));
        assertEquals(new Summary("r", DAY1, DAY1_LATE, 2), b.summaries().get(new UserClient("u1", "portal")),
                "out-of-order logins: first is the earliest, last the latest");
        assertEquals(new Summary("r", DAY2, DAY2, 1), b.summaries().get(new UserClient("u1", "library")));
        assertEquals(new Summary("r", DAY1, DAY2, 3), b.summaries().get(new UserClient("u1", LoginBatch.ALL_APPLICATIONS)),
                "all applications: every login of the user");
        assertEquals(new Summary("r", DAY2, DAY2, 1), b.summaries().get(new UserClient("u2", LoginBatch.ALL_APPLICATIONS)));
        assertEquals(5, b.summaries().size());
        assertEquals(Set.of("u1", "u2"), b.userIds());
    }

    @Test
    void aUserCountsOncePerUtcDayAndClient() {
        int d1 = LoginBatch.day(DAY1);
        LoginBatch b = LoginBatch.of(List.of(
                new Login("r", "u1", "portal", DAY1),
                new Login("r", "u1", "portal", DAY1_LATE),
                new Login("r", "u1", "library", DAY1),
                new Login("r", "u1", "portal", DAY2)));
        assertEquals(Set.of(new Day("r", "u1", "portal", d1), new Day("r", "u1", "library", d1),
                new Day("r", "u1", "portal", d1 + 1), new Day("r", "u1", "*", d1), new Day("r", "u1", "*", d1 + 1)),
                b.days());
        assertEquals(LoginBatch.day(DAY1_LATE) + 1, LoginBatch.day(DAY2), "midnight UTC starts the next day");
    }

    @Test
    void mergingIntoStoredRecordsKeepsTheExtremesAndAddsCounts() {
        Summary batch = new Summary("r", DAY2, DAY2 + 5, 3);
        assertEquals(new Summary("r", DAY1, DAY2 + 5, 10), batch.mergedInto(DAY1, DAY2, 7));
        assertEquals(new Summary("r", DAY1, DAY2 + 9, 4), new Summary("r", DAY1, DAY1, 1).mergedInto(DAY2, DAY2 + 9, 3),
                "a late-arriving older login moves first back, not last");
    }

    @Test
    void daysBefore1970AreNegativeNotZero() {
        assertTrue(LoginBatch.day(-1) < 0);
    }
}
