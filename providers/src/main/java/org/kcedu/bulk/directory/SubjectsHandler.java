package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.cleared;
import static org.kcedu.bulk.BulkCells.firstProblem;
import static org.kcedu.bulk.BulkCells.keyAndNewKey;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.BulkCells.tooLong;
import static org.kcedu.bulk.BulkCells.upper;
import static org.kcedu.bulk.csv.HeaderSchema.Column.importOnly;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.model.SubjectRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Bulk file kind {@code subjects} (realm administrators only, like the REST API). Key: {@code code} (stored upper
 * case). Columns: {@code code}, {@code name}, {@code new_code} (renames the code; assignments keep the subject),
 * {@code action}. A subject still used by role assignments cannot be deleted.
 */
public class SubjectsHandler extends DirectoryHandler {

    public static final String KIND = "subjects";
    static final String CODE = "code";
    static final String NAME = "name";
    static final String NEW_CODE = "new_code";
    private static final String TARGET = "subject";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(CODE), optional(NAME), importOnly(NEW_CODE));

    record Current(String id, String code, String name) {
    }

    record Target(String code, String name) {
    }

    public SubjectsHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        return keyAndNewKey("code", upper(row.nonEmpty(CODE)), upper(row.nonEmpty(NEW_CODE)));
    }

    @Override
    public String validate(CsvRow row) {
        if (row.nonEmpty(CODE) == null) {
            return "code is required";
        }
        for (String c : List.of(CODE, NEW_CODE)) {
            String v = row.nonEmpty(c);
            if (v != null && !v.matches("[A-Za-z0-9_.-]{1,64}")) {
                return c + " '" + v + "' must be 1-64 letters, digits, '_', '.' or '-'";
            }
        }
        if (row.action() == CsvRow.Action.DELETE) {
            return null;
        }
        return firstProblem(tooLong(row, NAME), cleared(row, NAME));
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        Map<String, Current> byCode = new HashMap<>();
        for (Object[] r : em(session).createQuery("select s.id, s.code, s.name from EduSubjectEntity s"
                + " where s.realmId = :realm", Object[].class).setParameter("realm", realm.getId()).getResultList()) {
            byCode.put((String) r[1], new Current((String) r[0], (String) r[1], (String) r[2]));
        }
        List<String> deleted = new ArrayList<>();
        for (CsvRow row : rows) {
            Current c = byCode.get(upper(row.nonEmpty(CODE)));
            if (row.action() == CsvRow.Action.DELETE && c != null) {
                deleted.add(c.id());
            }
        }
        Map<String, Long> used = countBy(em(session), "select a.subjectId, count(a) from EduRoleAssignmentEntity a"
                + " where a.subjectId in :ids group by a.subjectId", deleted);
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(planRow(row, byCode, used));
        }
        return plans;
    }

    private RowPlan planRow(CsvRow row, Map<String, Current> byCode, Map<String, Long> used) {
        String code = upper(row.nonEmpty(CODE));
        String newCode = upper(row.nonEmpty(NEW_CODE));
        Current current = byCode.get(code);
        if (current == null && newCode != null) {
            current = byCode.get(newCode); // renamed by an earlier run
        }
        if (row.action() == CsvRow.Action.DELETE) {
            if (current == null) {
                return RowPlan.unchanged(row, TARGET, null);
            }
            long n = used.getOrDefault(current.id(), 0L);
            if (n > 0) {
                return RowPlan.reject(row, "subject " + current.code() + " is used by " + n
                        + " role assignments; revoke them first");
            }
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "SUBJECT_DELETE", TARGET, current.id(), current.code(),
                    Map.of(CODE, new AuditEvent.Change(current.code(), null)), false, null);
        }
        if (current == null) {
            if (newCode != null) {
                return RowPlan.reject(row, "subject " + code + " does not exist (nor " + newCode
                        + "), so it cannot be renamed");
            }
            if (row.nonEmpty(NAME) == null) {
                return RowPlan.reject(row, "name is required to create subject " + code);
            }
            Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
            change(changes, CODE, null, code);
            change(changes, NAME, null, row.get(NAME));
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "SUBJECT_CREATE", TARGET, null, code, changes, false,
                    new Target(code, row.get(NAME)));
        }
        String targetCode = newCode != null ? newCode : current.code();
        if (!targetCode.equals(current.code()) && byCode.containsKey(targetCode)) {
            return RowPlan.reject(row, "new_code " + targetCode + " is already taken");
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        change(changes, CODE, current.code(), targetCode);
        if (row.has(NAME)) {
            change(changes, NAME, current.name(), row.get(NAME));
        }
        if (changes.isEmpty()) {
            return RowPlan.unchanged(row, TARGET, current.id());
        }
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "SUBJECT_UPDATE", TARGET, current.id(), current.code(),
                changes, false, new Target(targetCode, row.get(NAME)));
    }

    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return policy.canManageVocabulary(caller);
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        switch (plan.kind()) {
            case CREATE -> {
                Target t = (Target) plan.payload();
                SubjectRep rep = new SubjectRep();
                rep.code = t.code();
                rep.name = t.name();
                return directory.subjects().create(caller, rep).id;
            }
            case UPDATE -> {
                Target t = (Target) plan.payload();
                if (plan.changes().containsKey(NAME)) {
                    SubjectRep rep = new SubjectRep();
                    rep.name = t.name();
                    directory.subjects().update(caller, plan.targetId(), rep);
                }
                if (plan.changes().containsKey(CODE)) {
                    directory.subjects().rename(caller, plan.targetId(), t.code());
                }
                return plan.targetId();
            }
            case DELETE -> {
                directory.subjects().delete(caller, plan.targetId());
                return plan.targetId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }


    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        exportKeyset(factory, out, (em, after) -> em.createQuery("select s.code, s.name from EduSubjectEntity s"
                        + " where s.realmId = :realm and s.code > :after order by s.code", Object[].class)
                .setParameter("realm", realmId).setParameter("after", after).setMaxResults(EXPORT_PAGE)
                .getResultList(), 0, r -> List.of(str(r[0]), str(r[1])));
    }
}
