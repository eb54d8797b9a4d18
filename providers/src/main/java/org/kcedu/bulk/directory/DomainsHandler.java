package org.kcedu.bulk.directory;

import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.cleared;
import static org.kcedu.bulk.BulkCells.emptyToNull;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

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
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.directory.model.DomainTypeRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Bulk file kind {@code domains}. Key: {@code type} + {@code identifier}. Columns: {@code name}, {@code nces_id},
 * {@code parent_type} + {@code parent_identifier} (both empty = realm root; changing them moves the domain with its
 * subtree), {@code status} ({@code active}/{@code inactive}), {@code new_identifier} (renames the identifier).
 * <p>
 * Parents first: a row may name as parent a domain that exists or that an EARLIER row of the same file creates
 * (earlier batches are committed; inside a batch the pending creation is used). Export writes parents before
 * children (by depth), so an export re-imports into an empty realm. Deleting a domain that still has children,
 * role assignments or groups is rejected (bulk files never cascade): delete children in earlier rows.
 */
public class DomainsHandler extends DirectoryHandler {

    public static final String KIND = "domains";
    static final String TYPE = "type";
    static final String IDENTIFIER = "identifier";
    static final String NEW_IDENTIFIER = "new_identifier";
    static final String NAME = "name";
    static final String NCES_ID = "nces_id";
    static final String PARENT_TYPE = "parent_type";
    static final String PARENT_IDENTIFIER = "parent_identifier";
    static final String STATUS = "status";
    static final String PARENT = "parent";
    private static final String TARGET = "domain";

    static final HeaderSchema SCHEMA = HeaderSchema.of(required(TYPE), required(IDENTIFIER), importOnly(NEW_IDENTIFIER),
            optional(NAME), optional(NCES_ID), optional(PARENT_TYPE), optional(PARENT_IDENTIFIER), optional(STATUS));

    /** A domain created by an earlier row of the same batch: its id once written, and whether it was allowed. */
    static final class Pending {
        final long line;
        final String type;
        String id;
        boolean allowed = true;

        Pending(long line, String type) {
            this.line = line;
            this.type = type;
        }
    }

    /** The parent a row names: the realm root ({@code null} both), an existing domain, or a pending creation. */
    record ParentRef(String id, Pending pending, String label) {
        static final ParentRef ROOT = new ParentRef(null, null, "the realm root");

        boolean root() {
            return id == null && pending == null;
        }
    }

    /** What a row writes. {@code parent} is {@code null} when the parent stays unchanged. */
    record Target(String type, String identifier, String name, String ncesId, Boolean active, ParentRef parent,
                  Pending self) {
    }

    public DomainsHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        String type = upper(row.nonEmpty(TYPE));
        String identifier = row.nonEmpty(IDENTIFIER);
        String newIdentifier = row.nonEmpty(NEW_IDENTIFIER);
        if (type == null || identifier == null) {
            return List.of();
        }
        return keyAndNewKey("domain", DomainKey.format(type, identifier),
                newIdentifier == null ? null : DomainKey.format(type, newIdentifier));
    }

    @Override
    public String validate(CsvRow row) {
        if (row.nonEmpty(TYPE) == null || row.nonEmpty(IDENTIFIER) == null) {
            return "type and identifier are required";
        }
        for (String c : List.of(TYPE, PARENT_TYPE)) {
            String v = row.nonEmpty(c);
            if (v != null && !v.matches("[A-Za-z0-9_]{1,64}")) {
                return c + " '" + v + "' is not a domain type code (1-64 letters, digits or '_')";
            }
        }
        String p = tooLong(row, IDENTIFIER, NEW_IDENTIFIER, NAME, NCES_ID, PARENT_IDENTIFIER);
        if (p != null || row.action() == CsvRow.Action.DELETE) {
            return p;
        }
        if (row.has(PARENT_TYPE) != row.has(PARENT_IDENTIFIER)) {
            return "parent_type and parent_identifier go together: give both columns or neither";
        }
        if ((row.nonEmpty(PARENT_TYPE) == null) != (row.nonEmpty(PARENT_IDENTIFIER) == null)) {
            return "give both parent_type and parent_identifier, or leave both empty (a domain at the realm root)";
        }
        if (row.nonEmpty(STATUS) != null && status(row.get(STATUS)) == null) {
            return "status must be active or inactive";
        }
        return firstProblem(cleared(row, NAME, STATUS, NEW_IDENTIFIER));
    }

    static Boolean status(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "active" -> Boolean.TRUE;
            case "inactive" -> Boolean.FALSE;
            default -> null;
        };
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        return plan(session, realm, rows, new HashMap<>());
    }

    /** Domains created by earlier rows of the job stay known (by key) to later batches: a dry-run writes none. */
    @Override
    @SuppressWarnings("unchecked")
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows,
                              Map<String, Object> jobMemory) {
        Map<String, Pending> pending = (Map<String, Pending>) jobMemory.computeIfAbsent("domains.pending",
                k -> new HashMap<String, Pending>());
        EntityManager em = em(session);
        Map<String, DomainTypeRep> types = typesByCode(session, realm);
        Set<String> identifiers = new HashSet<>();
        for (CsvRow row : rows) {
            for (String c : List.of(IDENTIFIER, NEW_IDENTIFIER, PARENT_IDENTIFIER)) {
                if (row.nonEmpty(c) != null) {
                    identifiers.add(row.get(c));
                }
            }
        }
        Map<String, DomainRow> db = domainsByKey(em, realm.getId(), identifiers, typeCodesById(types.values()));
        Set<String> ids = new HashSet<>();
        db.values().forEach(d -> ids.add(d.id()));
        // set-based checks for deletes (what still hangs below) and moves (no domain under its own subtree)
        Map<String, Long> children = countBy(em, "select d.parentId, count(d) from EduDomainEntity d"
                + " where d.parentId in :ids group by d.parentId", ids);
        Map<String, Long> assignments = countBy(em, "select a.domainId, count(a) from EduRoleAssignmentEntity a"
                + " where a.domainId in :ids group by a.domainId", ids);
        Map<String, Long> groups = countBy(em, "select g.domainId, count(g) from EduGroupEntity g"
                + " where g.domainId in :ids group by g.domainId", ids);
        Set<String> ancestry = new HashSet<>();
        if (!ids.isEmpty()) {
            for (Object[] r : em.createQuery("select c.ancestorId, c.descendantId from EduDomainClosureEntity c"
                    + " where c.ancestorId in :ids and c.descendantId in :ids", Object[].class)
                    .setParameter("ids", ids).getResultList()) {
                ancestry.add(r[0] + ">" + r[1]);
            }
        }
        Map<String, Long> activeBelow = countBy(em, "select c.ancestorId, count(c) from EduDomainClosureEntity c,"
                + " EduDomainEntity d where c.ancestorId in :ids and c.depth > 0 and d.id = c.descendantId"
                + " and d.active = true group by c.ancestorId", ids);
        Set<String> ncesIds = new HashSet<>();
        rows.forEach(r -> {
            if (r.nonEmpty(NCES_ID) != null) {
                ncesIds.add(r.get(NCES_ID));
            }
        });
        Map<String, String> ncesOwner = new HashMap<>();
        if (!ncesIds.isEmpty()) {
            for (Object[] r : em.createQuery("select d.ncesId, d.id from EduDomainEntity d where d.realmId = :realm"
                    + " and d.ncesId in :n", Object[].class).setParameter("realm", realm.getId())
                    .setParameter("n", ncesIds).getResultList()) {
                ncesOwner.put((String) r[0], (String) r[1]);
            }
        }
        Batch b = new Batch(types, db, children, assignments, groups, ancestry, pending, activeBelow, ncesOwner);
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            plans.add(b.plan(row));
        }
        return plans;
    }

    /** The state of one batch while its rows are planned in file order. */
    private static final class Batch {
        final Map<String, DomainTypeRep> types;
        final Map<String, DomainRow> db;
        final Map<String, Long> children;
        final Map<String, Long> assignments;
        final Map<String, Long> groups;
        final Set<String> ancestry;
        final Map<String, Pending> pending;
        /** Active domains strictly below each referenced domain, kept current as rows change statuses. */
        final Map<String, Long> activeBelow;
        /** NCES id → the domain holding it (its id, or the key of a domain an earlier row creates). */
        final Map<String, String> ncesOwner;

        Batch(Map<String, DomainTypeRep> types, Map<String, DomainRow> db, Map<String, Long> children,
              Map<String, Long> assignments, Map<String, Long> groups, Set<String> ancestry,
              Map<String, Pending> pending, Map<String, Long> activeBelow, Map<String, String> ncesOwner) {
            this.pending = pending;
            this.activeBelow = new HashMap<>(activeBelow);
            this.ncesOwner = ncesOwner;
            this.types = types;
            this.db = db;
            this.children = new HashMap<>(children);
            this.assignments = assignments;
            this.groups = groups;
            this.ancestry = ancestry;
        }

        RowPlan plan(CsvRow row) {
            String type = upper(row.get(TYPE));
            String identifier = row.get(IDENTIFIER);
            String newIdentifier = row.nonEmpty(NEW_IDENTIFIER);
            DomainTypeRep t = types.get(type);
            if (t == null) {
                return RowPlan.reject(row, "unknown domain type " + type + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(types.keySet())) + ")");
            }
            DomainRow current = db.get(DomainKey.format(type, identifier));
            if (current == null && newIdentifier != null) {
                current = db.get(DomainKey.format(type, newIdentifier)); // renamed by an earlier run
            }
            if (row.action() == CsvRow.Action.DELETE) {
                return delete(row, current);
            }
            ParentRef parent = null;
            if (row.has(PARENT_TYPE)) {
                String pType = upper(row.nonEmpty(PARENT_TYPE));
                if (pType == null) {
                    parent = ParentRef.ROOT;
                } else {
                    String pKey = DomainKey.format(pType, row.get(PARENT_IDENTIFIER));
                    DomainRow p = db.get(pKey);
                    Pending pp = pending.get(pKey);
                    if (p != null) {
                        parent = new ParentRef(p.id(), null, pKey);
                    } else if (pp != null) {
                        parent = new ParentRef(null, pp, pKey);
                    } else {
                        return RowPlan.reject(row, "parent domain " + pKey + " does not exist (a parent must exist"
                                + " or be created by an earlier row of the file)");
                    }
                    if (!t.parentTypes.contains(pType)) {
                        return RowPlan.reject(row, "a " + type + " cannot sit under a " + pType
                                + (t.parentTypes.isEmpty() ? " (it is a root type)"
                                : "; allowed parent types: " + String.join(", ", t.parentTypes)));
                    }
                }
            }
            if (current == null) {
                return create(row, t, identifier, newIdentifier, parent);
            }
            return update(row, current, t, newIdentifier, parent);
        }

        /** A domain below {@code id} (or, {@code inclusive}, {@code id} itself) became active (+1) or not (-1). */
        private void countActiveBelow(String id, boolean inclusive, long delta) {
            if (inclusive) {
                activeBelow.merge(id, delta, Long::sum);
            }
            for (String link : ancestry) {
                int gt = link.indexOf('>');
                String ancestor = link.substring(0, gt);
                if (link.substring(gt + 1).equals(id) && !ancestor.equals(id)) {
                    activeBelow.merge(ancestor, delta, Long::sum);
                }
            }
        }

        private static String ncesTaken(String nces) {
            return "nces_id " + nces + " is already used by another domain of the realm";
        }

        private RowPlan delete(CsvRow row, DomainRow current) {
            if (current == null) {
                return RowPlan.unchanged(row, TARGET, null);
            }
            long kids = children.getOrDefault(current.id(), 0L);
            long held = assignments.getOrDefault(current.id(), 0L);
            long owned = groups.getOrDefault(current.id(), 0L);
            String key = DomainKey.format(current.type(), current.identifier());
            // told only to a caller who may delete the domain (RowPlan.Refusal): to anyone else it must look absent
            if (kids > 0) {
                return inUse(row, current, key, "domain " + key + " has " + kids
                        + " child domains; delete them first (in earlier rows) or move them");
            }
            if (held > 0 || owned > 0) {
                return inUse(row, current, key, "domain " + key + " has " + held
                        + " role assignments and " + owned + " groups; bulk files never cascade: revoke/delete them"
                        + " first (or delete through the REST API with cascade=true)");
            }
            if (current.parentId() != null) {
                children.merge(current.parentId(), -1L, Long::sum); // the parent may be deleted by a later row
            }
            if (current.active()) {
                countActiveBelow(current.id(), false, -1); // the parent may be deactivated by a later row
            }
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "DOMAIN_DELETE", TARGET, current.id(), key,
                    Map.of(IDENTIFIER, new AuditEvent.Change(key, null)), false, null);
        }

        private static RowPlan inUse(CsvRow row, DomainRow current, String key, String message) {
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "DOMAIN_DELETE", TARGET, current.id(), key,
                    Map.of(IDENTIFIER, new AuditEvent.Change(key, null)), false, new RowPlan.Refusal(message));
        }

        private RowPlan create(CsvRow row, DomainTypeRep t, String identifier, String newIdentifier,
                               ParentRef parent) {
            String key = DomainKey.format(t.code, identifier);
            if (newIdentifier != null) {
                return RowPlan.reject(row, "domain " + key + " does not exist (nor " + DomainKey.format(t.code, newIdentifier)
                        + "), so it cannot be renamed");
            }
            if (row.nonEmpty(NAME) == null) {
                return RowPlan.reject(row, "name is required to create domain " + key);
            }
            ParentRef p = parent == null ? ParentRef.ROOT : parent;
            if (p.root() && !t.parentTypes.isEmpty()) {
                return RowPlan.reject(row, "a " + t.code + " needs a parent (parent_type, parent_identifier) of type "
                        + String.join(" or ", t.parentTypes));
            }
            String nces = emptyToNull(row.get(NCES_ID));
            if (nces != null && ncesOwner.containsKey(nces)) {
                return RowPlan.reject(row, ncesTaken(nces));
            }
            Boolean active = row.nonEmpty(STATUS) == null ? Boolean.TRUE : status(row.get(STATUS));
            if (nces != null) {
                ncesOwner.put(nces, key);
            }
            if (active && p.id() != null) {
                countActiveBelow(p.id(), true, +1);
            }
            Pending self = new Pending(row.line(), t.code);
            pending.put(key, self);
            Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
            change(changes, IDENTIFIER, null, key);
            change(changes, NAME, null, row.get(NAME));
            change(changes, NCES_ID, null, emptyToNull(row.get(NCES_ID)));
            change(changes, PARENT, null, p.root() ? null : p.label());
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "DOMAIN_CREATE", TARGET, null, key, changes, false,
                    new Target(t.code, identifier, row.get(NAME), emptyToNull(row.get(NCES_ID)), active, p, self));
        }

        private RowPlan update(CsvRow row, DomainRow current, DomainTypeRep t, String newIdentifier,
                               ParentRef parent) {
            String key = DomainKey.format(current.type(), current.identifier());
            Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
            if (newIdentifier != null && !newIdentifier.equals(current.identifier())) {
                DomainRow taken = db.get(DomainKey.format(t.code, newIdentifier));
                if (taken != null && !taken.id().equals(current.id())) {
                    return RowPlan.reject(row, "new_identifier " + newIdentifier + " is already used by another "
                            + t.code);
                }
                change(changes, IDENTIFIER, current.identifier(), newIdentifier);
            }
            if (row.has(NAME)) {
                change(changes, NAME, current.name(), row.get(NAME));
            }
            String nces = row.has(NCES_ID) ? emptyToNull(row.get(NCES_ID)) : null;
            if (nces != null && !nces.equals(current.ncesId()) && ncesOwner.containsKey(nces)
                    && !current.id().equals(ncesOwner.get(nces))) {
                return RowPlan.reject(row, ncesTaken(nces));
            }
            if (row.has(NCES_ID)) {
                change(changes, NCES_ID, current.ncesId(), emptyToNull(row.get(NCES_ID)));
            }
            Boolean newStatus = row.nonEmpty(STATUS) == null ? null : status(row.get(STATUS));
            if (Boolean.FALSE.equals(newStatus) && current.active() && activeBelow.getOrDefault(current.id(), 0L) > 0) {
                long n = activeBelow.get(current.id());
                return RowPlan.reject(row, "domain " + key + " has " + n + " active descendant" + (n == 1 ? "" : "s")
                        + "; bulk files never cascade: deactivate them in earlier rows (or through the REST API with"
                        + " cascade=true)");
            }
            if (row.has(STATUS)) {
                change(changes, STATUS, current.active() ? "active" : "inactive",
                        status(row.get(STATUS)) ? "active" : "inactive");
            }
            ParentRef move = null;
            if (parent != null && (parent.pending() != null
                    || !java.util.Objects.equals(parent.id(), current.parentId()))) {
                if (parent.root() && !t.parentTypes.isEmpty()) {
                    return RowPlan.reject(row, "a " + t.code + " cannot sit at the realm root; allowed parent types: "
                            + String.join(", ", t.parentTypes));
                }
                if (parent.id() != null && (parent.id().equals(current.id())
                        || ancestry.contains(current.id() + ">" + parent.id()))) {
                    return RowPlan.reject(row, "domain " + key + " cannot move under itself or one of its descendants ("
                            + parent.label() + ")");
                }
                move = parent;
                changes.put(PARENT, new AuditEvent.Change(current.parentId(), parent.root() ? null : parent.label()));
            }
            if (changes.isEmpty()) {
                return RowPlan.unchanged(row, TARGET, current.id());
            }
            if (newIdentifier != null) {
                db.put(DomainKey.format(t.code, newIdentifier), current); // later rows may name it by its new identifier
            }
            if (changes.containsKey(NCES_ID)) {
                if (current.ncesId() != null) {
                    ncesOwner.remove(current.ncesId());
                }
                if (nces != null) {
                    ncesOwner.put(nces, current.id());
                }
            }
            if (changes.containsKey(STATUS)) {
                countActiveBelow(current.id(), false, newStatus ? +1 : -1);
            }
            Boolean active = row.nonEmpty(STATUS) == null ? null : status(row.get(STATUS));
            return new RowPlan(row, RowPlan.Kind.UPDATE, null, move != null ? "DOMAIN_MOVE" : "DOMAIN_UPDATE", TARGET,
                    current.id(), key, changes, false, new Target(t.code, newIdentifier, row.get(NAME),
                    row.has(NCES_ID) ? row.get(NCES_ID) : null, active, move, null));
        }
    }

    /**
     * The REST rules: create = manage the parent (realm root: realm admins only); update = edit the domain itself
     * (strictly below the admin's own domain); a move needs both; delete = edit. A parent created by an earlier row
     * of the batch is decided by its id once written, or (dry-run) by whether its own row was allowed.
     */
    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        Target t = plan.payload() instanceof Target target ? target : null;
        Decision d = switch (plan.kind()) {
            case CREATE -> manageParent(policy, caller, t.parent());
            case UPDATE -> {
                Decision edit = policy.canEditDomain(caller, plan.targetId());
                yield !edit.allowed() || t.parent() == null ? edit : manageParent(policy, caller, t.parent());
            }
            case DELETE -> policy.canEditDomain(caller, plan.targetId());
            default -> Decision.allow();
        };
        if (t != null && t.self() != null) {
            t.self().allowed = d.allowed();
        }
        return d;
    }

    private static Decision manageParent(AccessPolicy policy, Caller caller, ParentRef parent) {
        if (parent.pending() == null) {
            return policy.canManageDomain(caller, parent.id());
        }
        if (parent.pending().id != null) {
            return policy.canManageDomain(caller, parent.pending().id);
        }
        return parent.pending().allowed ? Decision.allow() : Decision.deny("parent_not_written",
                "the parent " + parent.label() + " (line " + parent.pending().line + ") was not allowed");
    }

    @Override
    String write(Directory directory, Caller caller, RowPlan plan) {
        Target t = (Target) plan.payload();
        switch (plan.kind()) {
            case CREATE -> {
                DomainRep rep = new DomainRep();
                rep.type = t.type();
                rep.identifier = t.identifier();
                rep.name = t.name();
                rep.ncesId = t.ncesId();
                rep.active = t.active();
                rep.parentId = parentId(t.parent());
                String id = directory.domains().create(caller, rep).id;
                t.self().id = id;
                return id;
            }
            case UPDATE -> {
                DomainRep rep = new DomainRep();
                boolean fields = false;
                for (String c : List.of(IDENTIFIER, NAME, NCES_ID, STATUS)) {
                    fields |= plan.changes().containsKey(c);
                }
                rep.identifier = plan.changes().containsKey(IDENTIFIER) ? t.identifier() : null;
                rep.name = plan.changes().containsKey(NAME) ? t.name() : null;
                rep.ncesId = plan.changes().containsKey(NCES_ID) ? (t.ncesId() == null ? "" : t.ncesId()) : null;
                rep.active = plan.changes().containsKey(STATUS) ? t.active() : null;
                boolean toRoot = t.parent() != null && t.parent().root();
                if (t.parent() != null && !toRoot) {
                    rep.parentId = parentId(t.parent());
                    fields = true;
                }
                if (fields) {
                    directory.domains().update(caller, plan.targetId(), rep, null);
                }
                if (toRoot) {
                    directory.domains().move(caller, plan.targetId(), null, null);
                }
                return plan.targetId();
            }
            case DELETE -> {
                directory.domains().delete(caller, plan.targetId(), false);
                return plan.targetId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }

    private static String parentId(ParentRef p) {
        if (p.pending() == null) {
            return p.id();
        }
        if (p.pending().id == null) {
            throw new IllegalStateException("parent domain " + p.label() + " (line " + p.pending().line
                    + ") was not written");
        }
        return p.pending().id;
    }


    /** Level by level (roots first), so that every parent comes before its children; keyset paging inside a level. */
    @Override
    void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        long maxDepth = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            Object max = em(s).createQuery("select max(c.depth) from EduDomainClosureEntity c, EduDomainEntity d"
                    + " where d.id = c.descendantId and d.realmId = :realm").setParameter("realm", realmId)
                    .getSingleResult();
            return max == null ? -1L : ((Number) max).longValue();
        });
        for (long depth = 0; depth <= maxDepth; depth++) {
            long level = depth;
            exportKeyset(factory, out, (em, after) -> {
                TypedQuery<Object[]> q = em.createQuery("select d.id, t.code, d.identifier, d.name, d.ncesId,"
                        + " pt.code, p.identifier, d.active from EduDomainEntity d"
                        + " join EduDomainTypeEntity t on t.id = d.typeId"
                        + " left join EduDomainEntity p on p.id = d.parentId"
                        + " left join EduDomainTypeEntity pt on pt.id = p.typeId"
                        + " where d.realmId = :realm and d.id > :after and (select count(c) from EduDomainClosureEntity c"
                        + " where c.descendantId = d.id and c.depth > 0) = :level"
                        + (scope.unrestricted() ? "" : " and " + inScope("d.id"))
                        + " order by d.id", Object[].class)
                        .setParameter("realm", realmId).setParameter("after", after)
                        .setParameter("level", level).setMaxResults(EXPORT_PAGE);
                if (!scope.unrestricted()) {
                    q.setParameter("scopeRoots", scope.rootDomainIds());
                }
                return q.getResultList();
            }, 0, r -> List.of(str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]),
                    Boolean.TRUE.equals(r[7]) ? "active" : "inactive"));
        }
    }

    @Override
    public boolean filtersByDomain() {
        return true;
    }
}
