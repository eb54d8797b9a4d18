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
