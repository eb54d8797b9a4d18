package org.kcedu.reports;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a batch of logins adds to the login records, computed in memory before one trip to the database: per
 * (user, client) the earliest, latest and number of logins, and the set of (user, client, UTC day). Every login also
 * counts for the pseudo-client {@value #ALL_APPLICATIONS}, so that "all applications" needs no DISTINCT over clients.
 */
public final class LoginBatch {

    /** The client id standing for "any application" (no Keycloak client id can be "*": it is not a valid URI-ish id). */
    public static final String ALL_APPLICATIONS = "*";

    private static final long DAY_MS = 86_400_000L;

    public record Login(String realmId, String userId, String clientId, long at) {
    }

    public record UserClient(String userId, String clientId) {
    }

    public record Summary(String realmId, long firstAt, long lastAt, long logins) {
        Summary plus(long at) {
            return new Summary(realmId, Math.min(firstAt, at), Math.max(lastAt, at), logins + 1);
        }

        /** This batch's summary applied to what the database already has for the same user and client. */
        public Summary mergedInto(long storedFirst, long storedLast, long storedLogins) {
            return new Summary(realmId, Math.min(firstAt, storedFirst), Math.max(lastAt, storedLast), logins + storedLogins);
        }
    }

    public record Day(String realmId, String userId, String clientId, int day) {
    }

    private final Map<UserClient, Summary> summaries = new LinkedHashMap<>();
    private final Set<Day> days = new LinkedHashSet<>();

    public static LoginBatch of(Collection<Login> logins) {
        LoginBatch b = new LoginBatch();
        logins.forEach(b::add);
        return b;
    }

    public void add(Login l) {
        for (String client : new String[] {l.clientId(), ALL_APPLICATIONS}) {
            summaries.merge(new UserClient(l.userId(), client), new Summary(l.realmId(), l.at(), l.at(), 1),
                    (old, ignored) -> old.plus(l.at()));
            days.add(new Day(l.realmId(), l.userId(), client, day(l.at())));
        }
    }

    /** The UTC day of an epoch-millisecond instant, as days since 1970-01-01. */
    public static int day(long epochMillis) {
        return (int) Math.floorDiv(epochMillis, DAY_MS);
    }

    public Map<UserClient, Summary> summaries() {
        return summaries;
    }

    public Set<Day> days() {
        return days;
    }

    public Set<String> userIds() {
        Set<String> ids = new LinkedHashSet<>();
        summaries.keySet().forEach(k -> ids.add(k.userId()));
        return ids;
    }
}
