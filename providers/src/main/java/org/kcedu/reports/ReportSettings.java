package org.kcedu.reports;

import org.kcedu.core.ApiError;
import org.keycloak.models.RealmModel;

/**
 * The realm's one "active period" (requirements 8.2: every activity report uses the same period), stored as a realm
 * attribute so that it is exported and imported with the realm, and the node-wide record retention.
 */
public final class ReportSettings {

    static final String ACTIVE_DAYS_ATTRIBUTE = "kc-edu.reports.activeDays";
    public static final int DEFAULT_ACTIVE_DAYS = 30;
    static final int MAX_ACTIVE_DAYS = 3660;

    private static volatile int retentionDays = 400;
    private static volatile long snapshotMinUsers = 10_000;

    private ReportSettings() {
    }

    static void configure(int retention, long minUsers) {
        retentionDays = retention;
        snapshotMinUsers = minUsers;
    }

    /** From how many registered users of a subtree a report reads the snapshot by default (node setting). */
    public static long snapshotMinUsers() {
        return snapshotMinUsers;
    }

    public static int retentionDays() {
        return retentionDays;
    }

    public static int activeDays(RealmModel realm) {
        String v = realm.getAttribute(ACTIVE_DAYS_ATTRIBUTE);
        if (v == null) {
            return DEFAULT_ACTIVE_DAYS;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_ACTIVE_DAYS;
        }
    }

    /** Sets the period; 400 naming {@code activeDays} unless 1..3660 (and not beyond the retention, which would lie). */
    public static void setActiveDays(RealmModel realm, Integer days) {
        if (days == null) {
            throw ApiError.badRequest("activeDays", "Required: the number of days (1 to " + MAX_ACTIVE_DAYS + ")");
        }
        int max = retentionDays > 0 ? Math.min(MAX_ACTIVE_DAYS, retentionDays) : MAX_ACTIVE_DAYS;
        if (days < 1 || days > max) {
            throw ApiError.badRequest("activeDays", "Must be between 1 and " + max
                    + (max == retentionDays ? " (login records are kept " + retentionDays + " days)" : ""));
        }
        realm.setAttribute(ACTIVE_DAYS_ATTRIBUTE, Integer.toString(days));
    }
}
