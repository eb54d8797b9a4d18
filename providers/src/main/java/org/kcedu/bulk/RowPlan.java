package org.kcedu.bulk;

import java.util.Map;

import org.kcedu.core.AuditEvent;
import org.kcedu.bulk.csv.CsvRow;

/**
 * What an import row will do, decided by an {@link EntityHandler} against the current state before anything is
 * written, so that dry-run, authorization and the error report all see the same decision.
 *
 * @param targetId    id of the existing record ({@code null} for a create until it is applied)
 * @param changes     field → before/after, for the audit event (never secrets)
 * @param emailChange true when the row sets or changes a user's e-mail: the delegated-admin hijack-safe e-mail
 *                    rule is enforced on exactly these rows by the {@link RowAuthorizer}
 * @param payload     handler-private data needed to apply the plan (e.g. the target values)
 */
public record RowPlan(CsvRow row, Kind kind, String message, String auditAction, String targetType, String targetId,
                      String targetLabel, Map<String, AuditEvent.Change> changes, boolean emailChange,
                      Object payload) {

    public enum Kind { CREATE, UPDATE, DELETE, UNCHANGED, REJECT }

    /**
     * Payload of plans whose row names something that does not exist (or, for users, belongs to someone the file may
     * not name): for a caller who cannot see everything, the engine answers them exactly like a row about something
     * outside the caller's scope (one neutral message, counted as rejected), so absence is no oracle.
     */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    /** A rejection because the row names something that does not exist (see {@link #ABSENT}). */
    public static RowPlan absent(CsvRow row, String message) {
        return new RowPlan(row, Kind.REJECT, message, null, null, null, null, Map.of(), false, ABSENT);
    }

    /** Nothing to do because the row deletes something that does not exist (see {@link #ABSENT}). */
    public static RowPlan unchangedAbsent(CsvRow row, String targetType) {
        return new RowPlan(row, Kind.UNCHANGED, null, null, targetType, null, null, Map.of(), false, ABSENT);
    }

    /**
     * Payload of a plan that a rule refuses (a domain still in use, say) although the caller may act on its target:
     * the engine first authorizes the row like any other, and only a caller who passes is told {@code message},
     * as an error row without an ACCESS_DENIED audit event (nobody was refused access); anyone else gets the
     * refusal their scope gives, so the rule reveals nothing about what they may not see.
     */
    public record Refusal(String message) {
    }

    public boolean absent() {
        return payload == ABSENT;
    }

    public static RowPlan reject(CsvRow row, String message) {
        return new RowPlan(row, Kind.REJECT, message, null, null, null, null, Map.of(), false, null);
    }

    public static RowPlan unchanged(CsvRow row, String targetType, String targetId) {
        return new RowPlan(row, Kind.UNCHANGED, null, null, targetType, targetId, null, Map.of(), false, null);
    }

    public boolean writes() {
        return kind == Kind.CREATE || kind == Kind.UPDATE || kind == Kind.DELETE;
    }
}
