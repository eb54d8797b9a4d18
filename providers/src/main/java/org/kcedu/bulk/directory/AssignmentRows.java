package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.instant;
import static org.kcedu.bulk.BulkCells.list;
import static org.kcedu.bulk.BulkCells.upper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.directory.DirectoryHandler.DomainRow;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.directory.AssignmentLabel;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.Instants;
import org.kcedu.directory.ResolvedAssignment;

/**
 * What the {@code assignments} and {@code group-assignments} kinds share once a row's holder (a user or a group) is
 * resolved: its {@code role}, {@code domain_type} + {@code domain_identifier}, {@code subject}, {@code start} and
 * {@code expiry} cells, the rules of REST on them (§3.3.3 subjects, §3.5.3 expiry, §3.2.6 inactive domains), and the
 * match against the holder's current assignments. An upsert matches the holder's not-expired assignment with that
 * key (else an expired one with the same expiry, so that exported expired assignments re-import unchanged); without
 * a match it grants a new one; DELETE revokes every assignment with that key.
 */
final class AssignmentRows {

    static final String ROLE = "role";
    static final String DOMAIN_TYPE = "domain_type";
    static final String DOMAIN_IDENTIFIER = "domain_identifier";
    static final String SUBJECT = "subject";
    static final String START = "start";
    static final String EXPIRY = "expiry";

    /** Who holds the assignments a row is about. {@code ownerDomainId}: a group's owning domain, else null. */
    record Holder(String id, boolean group, String ownerDomainId, String targetType, String label) {
    }

    record Existing(String id, Long start, Long expiry, long createdAt) {
    }

    /** A grant's holder, resolved references, period and audit labels. */
    record Grant(Holder holder, String roleId, String domainId, String subjectId, Long start, Long expiry,
                 AssignmentLabel label) {
    }

    /** A new validity period for an existing assignment. */
    record Period(String id, Long start, Long expiry) {
    }

    /** The assignments a DELETE row revokes (all of the holder's with that key, expired or not). */
    record Revocation(Holder holder, List<String> ids, AssignmentLabel label) {
    }

    private final Map<String, RolesHandler.Current> roles = new HashMap<>();
    private final Map<String, String> subjects = new HashMap<>();
    private final Map<String, List<Existing>> existing = new HashMap<>();
    private final Map<String, DomainRow> domains;
    private final Map<String, String> inactive;
    private final long now = System.currentTimeMillis();

    /**
     * Loads, in a few queries, what the rows of one batch need: the realm's roles and subjects, the current
     * assignments of these holders ({@code holderField} {@code userId} or {@code groupId}) and which of these domains
     * are inactive or below an inactive one.
     */
    AssignmentRows(EntityManager em, String realmId, String holderField, Collection<String> holderIds,
                   Map<String, DomainRow> domains) {
        this.domains = domains;
        RolesHandler.load(em, "r.realmId = :realm", Map.of("realm", realmId)).forEach(r -> roles.put(r.name(), r));
        for (Object[] r : em.createQuery("select s.code, s.id from EduSubjectEntity s where s.realmId = :realm",
                Object[].class).setParameter("realm", realmId).getResultList()) {
            subjects.put((String) r[0], (String) r[1]);
        }
        if (!holderIds.isEmpty()) {
            for (Object[] r : em.createQuery("select a." + holderField + ", a.roleId, a.domainId, a.subjectId, a.id,"
                            + " a.startsAt, a.expiresAt, a.createdAt from EduRoleAssignmentEntity a"
                            + " where a.realmId = :realm and a." + holderField + " in :holders", Object[].class)
                    .setParameter("realm", realmId).setParameter("holders", holderIds).getResultList()) {
                existing.computeIfAbsent(key((String) r[0], (String) r[1], (String) r[2], (String) r[3]),
                        k -> new ArrayList<>()).add(new Existing((String) r[4], (Long) r[5], (Long) r[6], (Long) r[7]));
            }
        }
        this.inactive = inactiveAtOrAbove(em, domains.values());
    }

    private static String key(String holderId, String roleId, String domainId, String subjectId) {
        return holderId + "|" + roleId + "|" + domainId + "|" + subjectId;
    }

    /** The plan of a row whose holder is resolved. */
    RowPlan plan(CsvRow row, Holder holder) {
        RolesHandler.Current role = roles.get(row.get(ROLE));
        if (role == null) {
            return RowPlan.reject(row, "role " + row.get(ROLE) + " does not exist");
        }
        String domainKey = DomainKey.format(upper(row.get(DOMAIN_TYPE)), row.get(DOMAIN_IDENTIFIER));
        DomainRow domain = domains.get(domainKey);
        if (domain == null) {
            return RowPlan.absent(row, "domain " + domainKey + " does not exist");
        }
        if (!list(role.domainTypes()).contains(domain.type())) {
            return RowPlan.reject(row, "role " + role.name() + " cannot be assigned at a " + domain.type()
                    + "; allowed: " + role.domainTypes().replace("|", ", "));
        }
        String subject = upper(row.nonEmpty(SUBJECT));
        String subjectProblem = role.subjectProblem(subject, subjects);
        if (subjectProblem != null) {
            return RowPlan.reject(row, subjectProblem);
        }
        String subjectId = subject == null ? null : subjects.get(subject);
        AssignmentLabel label = new AssignmentLabel(role.name(), domainKey, subject);
        String description = role.name() + " at " + domainKey + (subject == null ? "" : " for " + subject);
        List<Existing> matches = existing.getOrDefault(key(holder.id(), role.id(), domain.id(), subjectId), List.of());
        if (row.action() == CsvRow.Action.DELETE) {
            if (matches.isEmpty()) {
                // about that role at that domain all the same: "not found" only for a caller who could have granted it
                return plan(row, RowPlan.Kind.UNCHANGED, null, holder, Map.of(),
                        new Grant(holder, role.id(), domain.id(), subjectId, null, null, label));
            }
            return plan(row, RowPlan.Kind.DELETE, "ROLE_REVOKE", holder,
                    Map.of("assignment", new AuditEvent.Change(description, null)),
                    new Revocation(holder, matches.stream().map(Existing::id).toList(), label));
        }
        Long start = instant(START, row.get(START));
        Long expiry = instant(EXPIRY, row.get(EXPIRY));
        Existing match = matches.stream().filter(e -> e.expiry() == null || e.expiry() > now)
                .max((a, b) -> Long.compare(a.createdAt(), b.createdAt())).orElse(null);
        if (match == null && row.has(EXPIRY)) {
            match = matches.stream().filter(e -> Objects.equals(e.expiry(), expiry)).findFirst().orElse(null);
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        if (match == null) {
            String refused = newGrantProblem(domain, domainKey, expiry);
            if (refused != null) {
                return RowPlan.reject(row, refused);
            }
            changes.put("assignment", new AuditEvent.Change(null, description));
            return plan(row, RowPlan.Kind.CREATE, "ROLE_GRANT", holder, changes,
                    new Grant(holder, role.id(), domain.id(), subjectId, start, expiry, label));
        }
        if (row.has(START) && !Objects.equals(match.start(), start)) {
            changes.put(START, new AuditEvent.Change(Instants.iso(match.start()), Instants.iso(start)));
        }
        if (row.has(EXPIRY) && !Objects.equals(match.expiry(), expiry)) {
            changes.put(EXPIRY, new AuditEvent.Change(Instants.iso(match.expiry()), Instants.iso(expiry)));
        }
        if (changes.isEmpty()) {
            return plan(row, RowPlan.Kind.UNCHANGED, null, holder, Map.of(),
                    new Period(match.id(), match.start(), match.expiry()));
        }
        Long newStart = row.has(START) ? start : match.start();
        Long newExpiry = row.has(EXPIRY) ? expiry : match.expiry();
        if (newStart != null && newExpiry != null && newExpiry <= newStart) {
            return RowPlan.reject(row, "expiry must be after start");
        }
        // a renewal follows REST: a changed expiry must lie in the future
        String refused = changes.containsKey(EXPIRY) ? pastExpiry(newExpiry) : null;
        if (refused != null) {
            return RowPlan.reject(row, refused);
        }
        return plan(row, RowPlan.Kind.UPDATE, "ROLE_ASSIGNMENT_UPDATE", holder, changes,
                new Period(match.id(), newStart, newExpiry));
    }

    private static RowPlan plan(CsvRow row, RowPlan.Kind kind, String action, Holder holder,
                                Map<String, AuditEvent.Change> changes, Object payload) {
        return new RowPlan(row, kind, null, action, holder.targetType(), holder.id(), holder.label(), changes, false,
                payload);
    }

    /**
     * The period cells of a row: none on a DELETE row (it would be ignored), else valid instants with the expiry
     * after the start; {@code null} when fine.
     */
    static String periodProblem(CsvRow row) {
        if (row.action() == CsvRow.Action.DELETE) {
            for (String col : List.of(START, EXPIRY)) {
                if (row.nonEmpty(col) != null) {
                    return col + " cannot be applied to a DELETE row (it revokes every such assignment); leave it empty";
                }
            }
            return null;
        }
        try {
            Long start = instant(START, row.get(START));
            Long expiry = instant(EXPIRY, row.get(EXPIRY));
            if (start != null && expiry != null && expiry <= start) {
                return "expiry must be after start";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Why no new assignment may be granted at {@code domain} with this expiry (§3.2.6, §3.5.3), or {@code null}. */
    private String newGrantProblem(DomainRow domain, String domainKey, Long expiry) {
        String inactiveKey = inactive.get(domain.id());
        if (inactiveKey != null) {
            return inactiveKey.equals(domainKey)
                    ? "domain " + domainKey + " is inactive: no new role assignment there"
                    : "domain " + domainKey + " lies below the inactive domain " + inactiveKey
                    + ": no new role assignment there";
        }
        return pastExpiry(expiry);
    }

    /** §3.5.3: a new or changed expiry lies in the future (null when it does, else the row's message). */
    private String pastExpiry(Long expiry) {
        return expiry != null && expiry <= now ? "expiry " + Instants.iso(expiry) + " is not in the future (to end"
                + " an assignment now, revoke it with a DELETE row)" : null;
    }

    /**
     * For each of these domains that is inactive or lies below an inactive one: the nearest such domain as
     * {@code TYPE:identifier} (one query on the closure table).
     */
    private static Map<String, String> inactiveAtOrAbove(EntityManager em, Collection<DomainRow> domains) {
        Map<String, String> out = new HashMap<>();
        if (domains.isEmpty()) {
            return out;
        }
        List<String> ids = domains.stream().map(DomainRow::id).toList();
        for (Object[] r : em.createQuery("select c.descendantId, t.code, d.identifier from EduDomainClosureEntity c"
                        + " join EduDomainEntity d on d.id = c.ancestorId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " where c.descendantId in :ids and d.active = false order by c.depth", Object[].class)
                .setParameter("ids", ids).getResultList()) {
            out.putIfAbsent((String) r[0], DomainKey.format((String) r[1], (String) r[2]));
        }
        return out;
    }

    /** Changing a period or revoking needs {@code canRevoke} on every assignment concerned (the REST rule). */
    static Decision canRevokeAll(AccessPolicy policy, Caller caller, List<String> ids) {
        return ids.stream().map(id -> policy.canRevoke(caller, id)).filter(d -> !d.allowed()).findFirst()
                .orElse(Decision.allow());
    }

    /** Set-based: the plan already checked every reference against current state, so writes only persist. */
    static String write(Directory directory, Caller caller, RowPlan plan) {
        switch (plan.payload()) {
            case Grant g -> {
                Holder h = g.holder();
                return directory.assignments().grantPlanned(caller, new ResolvedAssignment(h.group() ? null : h.id(),
                        h.group() ? h.id() : null, g.roleId(), g.domainId(), g.subjectId(), g.start(), g.expiry()),
                        g.label());
            }
            case Period p -> {
                directory.assignments().updatePeriodPlanned(caller, p.id(), p.start(), p.expiry());
                return p.id();
            }
            case Revocation r -> {
                r.ids().forEach(id -> directory.assignments().revokePlanned(caller, id, r.label()));
                return r.holder().id();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }
}
