package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.blankToNull;
import static org.kcedu.directory.DirectoryStore.required;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.kcedu.authz.Scope;
import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduDomainEntity;
import org.kcedu.directory.jpa.EduDomainTypeEntity;
import org.kcedu.directory.model.DomainRep;

/**
 * The domain hierarchy: domains, their parents allowed by {@link DomainTypes}, and the closure table
 * ({@link DomainHierarchy}) kept right on every create, move and delete, in the same transaction.
 */
public final class Domains {

    private static final String DOMAIN_SELECT = "select d, p.identifier, p.typeId from ";
    private static final String PARENT_JOIN = " left join EduDomainEntity p on p.id = d.parentId";

    private final DirectoryStore store;
    private final DomainTypes types;
    private final DomainHierarchy hierarchy;

    Domains(DirectoryStore store, DomainTypes types) {
        this.store = store;
        this.types = types;
        this.hierarchy = new DomainHierarchy(store.em);
    }

    EduDomainEntity domain(String id) {
        return store.findOr404(EduDomainEntity.class, id, EduDomainEntity::getRealmId, "Domain");
    }

    /** A domain given by id, or by type + external identifier (what external systems know); null when neither. */
    EduDomainEntity resolve(String id, String typeCode, String identifier, String field) {
        if (id != null && !id.isBlank()) {
            EduDomainEntity d = store.find(EduDomainEntity.class, id, EduDomainEntity::getRealmId);
            if (d == null) {
                throw ApiError.badRequest(field, "Unknown domain " + id);
            }
            return d;
        }
        if (identifier != null && !identifier.isBlank()) {
            EduDomainTypeEntity t = types.type(typeCode, field);
            return byIdentifier(t, identifier)
                    .orElseThrow(() -> ApiError.badRequest(field, "Unknown domain " + DomainKey.format(t.getCode(), identifier)));
        }
        return null;
    }

    private Optional<EduDomainEntity> byIdentifier(EduDomainTypeEntity t, String identifier) {
        return store.em.createNamedQuery("edu.domainByIdentifier", EduDomainEntity.class)
                .setParameter("realmId", store.realm.getId()).setParameter("typeId", t.getId())
                .setParameter("identifier", identifier).getResultStream().findFirst();
    }

    /** The id of the domain given by id or by {@code TYPE:IDENTIFIER}; 400 naming {@code field} when unknown. */
    public String idOf(String id, String typeAndIdentifier, String field) {
        DomainKey key = typeAndIdentifier == null || typeAndIdentifier.isBlank() ? null
                : DomainKey.parse(typeAndIdentifier, field);
        EduDomainEntity d = resolve(id, key == null ? null : key.type(), key == null ? null : key.identifier(), field);
        return d == null ? null : d.getId();
    }

    /** Resolves the parent named by a representation (parentId, or parentType + parentIdentifier). */
    public String resolveParentId(String parentId, String parentType, String parentIdentifier) {
        EduDomainEntity p = resolve(parentId, parentType, parentIdentifier, "parentId");
        return p == null ? null : p.getId();
    }

    public DomainRep get(String id) {
        EduDomainEntity d = domain(id);
        EduDomainEntity p = d.getParentId() == null ? null : store.em.find(EduDomainEntity.class, d.getParentId());
        return toRep(d, p == null ? null : p.getIdentifier(), p == null ? null : p.getTypeId());
    }

    public DomainRep getByIdentifier(String typeCode, String identifier) {
        EduDomainTypeEntity t = types.typeOr404(typeCode);
        EduDomainEntity d = byIdentifier(t, identifier)
                .orElseThrow(() -> ApiError.notFound("Domain", DomainKey.format(t.getCode(), identifier)));
        return get(d.getId());
    }

    /** Domains of the realm, optionally filtered; restricted to the scope's subtrees in the database. */
    public List<DomainRep> search(Scope scope, String typeCode, String search, String identifier, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        return reps(searchQuery(scope, typeCode, search, identifier).query(store.em, Object[].class, first, max).getResultList());
    }

    /** How many domains {@link #search} finds in all (same filters and scope, no paging). */
    public long countSearch(Scope scope, String typeCode, String search, String identifier) {
        return scope.isEmpty() ? 0 : searchQuery(scope, typeCode, search, identifier).count(store.em, "d");
    }

    private Jpql searchQuery(Scope scope, String typeCode, String search, String identifier) {
        Jpql q = new Jpql(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN + " where d.realmId = :realmId")
                .param("realmId", store.realm.getId());
        if (typeCode != null && !typeCode.isBlank()) {
            q.and("d.typeId = :typeId", "typeId", types.type(typeCode, "type").getId());
        }
        if (identifier != null && !identifier.isBlank()) {
            q.and("d.identifier = :identifier", "identifier", identifier);
        }
        if (search != null && !search.isBlank()) {
            q.and("(lower(d.name) like :s or lower(d.identifier) like :s)", "s", DirectoryStore.prefix(search));
        }
        DirectoryStore.scopeFilter(q, scope, "d.id");
        q.append("order by d.name, d.id");
        return q;
    }

    public List<DomainRep> ancestors(String id) {
        domain(id);
        return reps(store.em.createQuery(DOMAIN_SELECT + "EduDomainClosureEntity c join EduDomainEntity d on d.id = c.ancestorId"
                + PARENT_JOIN + " where c.descendantId = :id and c.depth > 0 order by c.depth desc", Object[].class)
                .setParameter("id", id).getResultList());
    }

    /** The realm's top domains (no parent): the tree roots of realm-level callers. */
    public List<DomainRep> roots(int first, int max) {
        return reps(store.em.createQuery(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN
                + " where d.realmId = :realmId and d.parentId is null order by d.name, d.id", Object[].class)
                .setParameter("realmId", store.realm.getId()).setFirstResult(first).setMaxResults(max).getResultList());
    }

    public List<DomainRep> children(String id, int first, int max) {
        domain(id);
        return reps(store.em.createQuery(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN
                + " where d.parentId = :id order by d.name, d.id", Object[].class)
                .setParameter("id", id).setFirstResult(first).setMaxResults(max).getResultList());
    }

    /** How many children {@link #children} lists in all. */
    public long countChildren(String id) {
        return store.em.createQuery("select count(d) from EduDomainEntity d where d.parentId = :id", Long.class)
                .setParameter("id", id).getSingleResult();
    }

    public List<DomainRep> descendants(String id, String typeCode, int first, int max) {
        return descendants(id, typeCode, true, null, first, max);
    }

    /**
     * Descendants (nearest first), optionally of one type, only active ones ({@code includeInactive} false), and only
     * down to {@code depth} levels (1 = children; null = the whole subtree).
     */
    public List<DomainRep> descendants(String id, String typeCode, boolean includeInactive, Integer depth, int first, int max) {
        return reps(descendantsQuery(id, typeCode, includeInactive, depth).query(store.em, Object[].class, first, max)
                .getResultList());
    }

    /** How many domains {@link #descendants} lists in all (same filters, no paging). */
    public long countDescendants(String id, String typeCode, boolean includeInactive, Integer depth) {
        return descendantsQuery(id, typeCode, includeInactive, depth).count(store.em, "d");
    }

    /**
     * The subtree's id is written into the query text, not bound: subtrees range from one school to the state's
     * 100,000 domains, and a bound id lets PostgreSQL reuse a plan made for the average subtree (an index probe per
     * descendant: 1.1 s for the state's first page, against 0.3 s planned for its size). The id is the stored
     * domain's own, quoted as a JPQL literal.
     */
    private Jpql descendantsQuery(String id, String typeCode, boolean includeInactive, Integer depth) {
        String ancestor = Jpql.literal(domain(id).getId());
        if (depth != null && depth < 1) {
            throw ApiError.badRequest("depth", "depth counts levels below the domain: 1 = children, 2 = grandchildren too");
        }
        Jpql q = new Jpql(DOMAIN_SELECT + "EduDomainClosureEntity c join EduDomainEntity d on d.id = c.descendantId"
                + PARENT_JOIN + " where c.ancestorId = " + ancestor + " and c.depth > 0");
        if (typeCode != null && !typeCode.isBlank()) {
            q.and("d.typeId = :typeId", "typeId", types.type(typeCode, "type").getId());
        }
        if (!includeInactive) {
            q.and("d.active = true");
        }
        if (depth != null) {
            q.and("c.depth <= :depth", "depth", depth);
        }
        q.append("order by c.depth, d.name, d.id");
        return q;
    }

    public DomainRep create(Caller caller, DomainRep rep) {
        EduDomainTypeEntity t = types.type(rep.type, "type");
        EduDomainEntity parent = resolve(rep.parentId, rep.parentType, rep.parentIdentifier, "parentId");
        checkParentType(t, parent);
        String identifier = required(rep.identifier, "identifier");
        checkIdentifierFree(t, identifier, null);
        String ncesId = blankToNull(rep.ncesId);
        checkNcesIdFree(ncesId, null);
        long now = System.currentTimeMillis();
        EduDomainEntity d = new EduDomainEntity();
        d.setId(UUID.randomUUID().toString());
        d.setRealmId(store.realm.getId());
        d.setTypeId(t.getId());
        d.setName(required(rep.name, "name"));
        d.setIdentifier(identifier);
        d.setNcesId(ncesId);
        d.setParentId(parent == null ? null : parent.getId());
        d.setActive(rep.active == null || rep.active);
        d.setCreatedAt(now);
        d.setUpdatedAt(now);
        store.em.persist(d);
        store.flush("identifier");
        hierarchy.insert(d.getId(), d.getParentId());
        store.audit(caller, "DOMAIN_CREATE", "domain", d.getId(), b -> b.change("type", null, t.getCode())
                .change("name", null, d.getName()).change("identifier", null, identifier)
                .change("ncesId", null, d.getNcesId()).change("parentId", null, d.getParentId())
                .change("active", null, d.isActive()));
        return withWarnings(get(d.getId()), t.getCode(), d.getNcesId());
    }

    /** {@link #update(Caller, String, DomainRep, Integer, boolean)} without cascade. */
    public DomainRep update(Caller caller, String id, DomainRep rep, Integer expectedVersion) {
        return update(caller, id, rep, expectedVersion, false);
    }

    /**
     * Updates name, identifier, NCES id, active and (when parentId/parentIdentifier is given and differs) moves.
     * Deactivating a domain that has active descendants is refused (409 naming {@code active}, with their count)
     * unless {@code cascade}, which deactivates the whole subtree (one statement) and reports how many in
     * {@link DomainRep#deactivatedDescendants}. Reactivating never cascades.
     */
    public DomainRep update(Caller caller, String id, DomainRep rep, Integer expectedVersion, boolean cascade) {
        EduDomainEntity d = domain(id);
        checkVersion(d, expectedVersion != null ? expectedVersion : rep.version);
        EduDomainEntity newParent = resolve(rep.parentId, rep.parentType, rep.parentIdentifier, "parentId");
        if (rep.type != null && !types.type(rep.type, "type").getId().equals(d.getTypeId())) {
            throw ApiError.badRequest("type", "The type of a domain cannot change; create a new domain instead");
        }
        String bName = d.getName(), bIdent = d.getIdentifier(), bNces = d.getNcesId(), bParent = d.getParentId();
        boolean bActive = d.isActive();
        // every check (they query) before the first change: a query auto-flushes, and each flush of a changed domain
        // would bump its version once more
        boolean identifierChanged = rep.identifier != null && !rep.identifier.equals(d.getIdentifier());
        if (identifierChanged) {
            checkIdentifierFree(types.byId(d.getTypeId()), required(rep.identifier, "identifier"), d.getId());
        }
        boolean ncesChanged = rep.ncesId != null && !Objects.equals(blankToNull(rep.ncesId), d.getNcesId());
        if (ncesChanged) {
            checkNcesIdFree(blankToNull(rep.ncesId), d.getId());
        }
        long activeBelow = 0;
        if (rep.active != null && !rep.active && d.isActive()) {
            activeBelow = activeDescendants(d.getId());
            if (activeBelow > 0 && !cascade) {
                throw ApiError.conflict("active", "Domain " + key(d) + " has " + activeBelow + " active descendant"
                        + (activeBelow == 1 ? "" : "s") + "; deactivate them first, or send cascade=true to deactivate"
                        + " the whole subtree");
            }
        }
        if (rep.name != null) {
            d.setName(required(rep.name, "name"));
        }
        if (identifierChanged) {
            d.setIdentifier(rep.identifier);
        }
        if (ncesChanged) {
            d.setNcesId(blankToNull(rep.ncesId));
        }
        if (rep.active != null) {
            d.setActive(rep.active);
        }
        if (newParent != null && !newParent.getId().equals(d.getParentId())) {
            doMove(d, newParent);
        }
        long now = System.currentTimeMillis();
        d.setUpdatedAt(now);
        store.flush("identifier"); // one version step, conflicts as 409; then the subtree (native, not this row)
        int deactivated = activeBelow > 0 ? hierarchy.deactivateBelow(d.getId(), now) : 0;
        int deactivatedCount = deactivated;
        store.audit(caller, newParent != null && !Objects.equals(bParent, d.getParentId()) ? "DOMAIN_MOVE" : "DOMAIN_UPDATE",
                "domain", d.getId(), b -> b.change("name", bName, d.getName()).change("identifier", bIdent, d.getIdentifier())
                        .change("ncesId", bNces, d.getNcesId()).change("active", bActive, d.isActive())
                        .change("parentId", bParent, d.getParentId())
                        .change("deactivatedDescendants", null, deactivatedCount == 0 ? null : deactivatedCount));
        DomainRep out = get(d.getId());
        if (deactivated > 0) {
            out.deactivatedDescendants = deactivated;
        }
        return ncesChanged ? withWarnings(out, out.type, d.getNcesId()) : out;
    }

    /** Moves a domain and its whole subtree under {@code newParentId} (null = realm root). */
    public DomainRep move(Caller caller, String id, String newParentId, Integer expectedVersion) {
        EduDomainEntity d = domain(id);
        checkVersion(d, expectedVersion);
        EduDomainEntity newParent = newParentId == null ? null : resolve(newParentId, null, null, "parentId");
        String before = d.getParentId();
        if (Objects.equals(before, newParentId)) {
            return get(id);
        }
        doMove(d, newParent);
        d.setUpdatedAt(System.currentTimeMillis());
        store.flush("parentId");
        store.audit(caller, "DOMAIN_MOVE", "domain", d.getId(), b -> b.change("parentId", before, d.getParentId()));
        return get(id);
    }

    private void doMove(EduDomainEntity d, EduDomainEntity newParent) {
        checkParentType(types.byId(d.getTypeId()), newParent);
        if (newParent != null && hierarchy.isInSubtree(d.getId(), newParent.getId())) {
            throw ApiError.badRequest("parentId", "A domain cannot move under itself or one of its descendants");
        }
        d.setParentId(newParent == null ? null : newParent.getId());
        store.em.flush();
        hierarchy.move(d.getId(), d.getParentId());
    }

    /**
     * Deletes a domain. A domain with children, assignments or groups is refused (409) unless {@code cascade}, which
     * deletes the whole subtree with its assignments and groups in a fixed number of set-based statements.
     */
    public void delete(Caller caller, String id, boolean cascade) {
        EduDomainEntity d = domain(id);
        long subtree = hierarchy.subtreeSize(id);
        long assignments = store.count("select count(a) from EduRoleAssignmentEntity a, EduDomainClosureEntity c"
                + " where c.ancestorId = :id and a.domainId = c.descendantId", id);
        long groups = store.count("select count(g) from EduGroupEntity g, EduDomainClosureEntity c"
                + " where c.ancestorId = :id and g.domainId = c.descendantId", id);
        if (!cascade && subtree > 1) {
            throw ApiError.conflict("children", "Domain " + key(d) + " has " + (subtree - 1)
                    + " descendants; move them or delete with cascade=true");
        }
        if (!cascade && (assignments > 0 || groups > 0)) {
            throw ApiError.conflict("assignments", "Domain " + key(d) + " has " + assignments + " role assignments and " + groups
                    + " groups; delete with cascade=true");
        }
        String key = DomainKey.format(types.code(d.getTypeId()), d.getIdentifier());
        store.em.flush();
        store.em.detach(d);
        hierarchy.deleteSubtree(id);
        store.audit(caller, "DOMAIN_DELETE", "domain", id, b -> b.change("identifier", key, null)
                .change("deletedDomains", null, subtree).change("deletedAssignments", null, assignments)
                .change("deletedGroups", null, groups));
    }

    /** {@code TYPE:identifier} of a domain, as messages name it. */
    String key(EduDomainEntity d) {
        return DomainKey.format(types.code(d.getTypeId()), d.getIdentifier());
    }

    /**
     * The nearest inactive domain at or above {@code domainId} as {@code TYPE:identifier}, or null when it and all
     * its ancestors are active (one indexed query on the closure table).
     */
    String inactiveAtOrAbove(String domainId) {
        List<Object[]> rows = store.em.createQuery("select d.typeId, d.identifier from EduDomainClosureEntity c"
                        + " join EduDomainEntity d on d.id = c.ancestorId where c.descendantId = :id and d.active = false"
                        + " order by c.depth", Object[].class)
                .setParameter("id", domainId).setMaxResults(1).getResultList();
        return rows.isEmpty() ? null : DomainKey.format(types.code((String) rows.get(0)[0]), (String) rows.get(0)[1]);
    }

    private long activeDescendants(String id) {
        return store.count("select count(c) from EduDomainClosureEntity c, EduDomainEntity d where c.ancestorId = :id"
                + " and c.depth > 0 and d.id = c.descendantId and d.active = true", id);
    }

    /** §3.2.3: an NCES id names one domain of the realm (409 naming {@code ncesId}); domains without one are free. */
    private void checkNcesIdFree(String ncesId, String exceptId) {
        if (ncesId == null) {
            return;
        }
        boolean taken = store.em.createQuery("select d.id from EduDomainEntity d where d.realmId = :realmId"
                        + " and d.ncesId = :ncesId", String.class)
                .setParameter("realmId", store.realm.getId()).setParameter("ncesId", ncesId).getResultStream()
                .anyMatch(x -> !x.equals(exceptId));
        if (taken) {
            throw ApiError.conflict("ncesId", "NCES id " + ncesId + " is already used by another domain of the realm");
        }
    }

    private static DomainRep withWarnings(DomainRep rep, String typeCode, String ncesId) {
        String w = ncesFormatWarning(typeCode, ncesId);
        if (w != null) {
            rep.warnings = List.of(w);
        }
        return rep;
    }

    /**
     * The NCES shapes (§3.2.3): a district (LEA) id has 7 digits, a school id 12 (the LEA id + 5). Other types, and
     * domains without an NCES id, are not checked. A warning, not a refusal: states also load ids of their own.
     */
    static String ncesFormatWarning(String typeCode, String ncesId) {
        if (ncesId == null) {
            return null;
        }
        int digits = switch (typeCode) {
            case "DISTRICT" -> 7;
            case "SCHOOL" -> 12;
            default -> 0;
        };
        if (digits == 0 || ncesId.matches("[0-9]{" + digits + "}")) {
            return null;
        }
        return "ncesId: an NCES " + typeCode.toLowerCase(java.util.Locale.ROOT) + " id has " + digits + " digits; "
                + ncesId + " does not look like one (stored as given)";
    }

    private void checkParentType(EduDomainTypeEntity t, EduDomainEntity parent) {
        if (parent == null) {
            if (!t.getParentTypeIds().isEmpty()) {
                throw ApiError.badRequest("parentId", "A " + t.getCode() + " needs a parent of type " + types.codes(t.getParentTypeIds()));
            }
        } else if (!t.getParentTypeIds().contains(parent.getTypeId())) {
            throw ApiError.badRequest("parentId", "A " + t.getCode() + " cannot sit under a "
                    + types.code(parent.getTypeId()) + (t.getParentTypeIds().isEmpty() ? " (it is a root type)"
                    : "; allowed parent types: " + types.codes(t.getParentTypeIds())));
        }
    }

    private void checkIdentifierFree(EduDomainTypeEntity t, String identifier, String exceptId) {
        boolean taken = store.em.createNamedQuery("edu.domainByIdentifier", EduDomainEntity.class)
                .setParameter("realmId", store.realm.getId()).setParameter("typeId", t.getId())
                .setParameter("identifier", identifier).getResultStream().anyMatch(x -> !x.getId().equals(exceptId));
        if (taken) {
            throw ApiError.conflict("identifier", "A " + t.getCode() + " with identifier " + identifier + " already exists");
        }
    }

    private static void checkVersion(EduDomainEntity d, Integer expected) {
        if (expected != null && expected != d.getVersion()) {
            throw ApiError.conflict("version", "Domain was changed by someone else (version " + d.getVersion()
                    + ", you sent " + expected + "); reload and retry");
        }
    }

    private List<DomainRep> reps(List<Object[]> rows) {
        return rows.stream().map(r -> toRep((EduDomainEntity) r[0], (String) r[1], (String) r[2])).toList();
    }

    private DomainRep toRep(EduDomainEntity d, String parentIdentifier, String parentTypeId) {
        DomainRep r = new DomainRep();
        r.id = d.getId();
        r.type = types.code(d.getTypeId());
        r.name = d.getName();
        r.identifier = d.getIdentifier();
        r.ncesId = d.getNcesId();
        r.parentId = d.getParentId();
        r.parentIdentifier = parentIdentifier;
        r.parentType = parentTypeId == null ? null : types.code(parentTypeId);
        r.active = d.isActive();
        r.createdAt = Instant.ofEpochMilli(d.getCreatedAt()).toString();
        r.updatedAt = Instant.ofEpochMilli(d.getUpdatedAt()).toString();
        r.version = d.getVersion();
        return r;
    }
}
