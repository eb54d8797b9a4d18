package org.kcedu.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import org.kcedu.api.ApiError;
import org.kcedu.api.Caller;
import org.kcedu.audit.AuditEvent;
import org.kcedu.audit.AuditTrail;
import org.kcedu.audit.EntryPoint;
import org.kcedu.authz.Scope;
import org.kcedu.directory.jpa.EduDomainEntity;
import org.kcedu.directory.jpa.EduDomainTypeEntity;
import org.kcedu.directory.jpa.EduGroupEntity;
import org.kcedu.directory.jpa.EduGroupMemberEntity;
import org.kcedu.directory.jpa.EduRoleAssignmentEntity;
import org.kcedu.directory.jpa.EduRoleEntity;
import org.kcedu.directory.jpa.EduSubjectEntity;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.directory.model.DomainTypeRep;
import org.kcedu.directory.model.GroupRep;
import org.kcedu.directory.model.RoleRep;
import org.kcedu.directory.model.SubjectRep;
import org.kcedu.directory.model.UserRep;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * The one service layer of the directory: REST, bulk CSV and the admin UI all call it. It validates (errors name
 * the field), writes, keeps the closure table right and records exactly one audit event per mutation. It does NOT
 * authorize: callers ask {@link org.kcedu.authz.Authorization} first and pass the caller's {@link Scope} to lists.
 */
public class DirectoryService {

    public static final int DEFAULT_MAX = 100;
    public static final int MAX_MAX = 1000;
    public static final String EXPIRED_ASSIGNMENTS_ATTRIBUTE = "kcedu.expiredAssignments";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;
    private final DomainHierarchy hierarchy;
    private Map<String, EduDomainTypeEntity> typesById;
    private String bulkJobId;
    private long bulkLine;

    public DirectoryService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.hierarchy = new DomainHierarchy(em);
    }

    /** The directory of the session's current realm. */
    public static DirectoryService of(KeycloakSession session) {
        return new DirectoryService(session, session.getContext().getRealm());
    }

    public RealmModel realm() {
        return realm;
    }

    /**
     * Marks the following mutations as the write of one bulk import row: their audit events carry the job id and the
     * row's line (the caller's entry point is BULK). The bulk engine calls this before each row it applies.
     */
    public DirectoryService bulkRow(String jobId, long line) {
        this.bulkJobId = jobId;
        this.bulkLine = line;
        return this;
    }

    public static int first(Integer first) {
        return first == null || first < 0 ? 0 : first;
    }

    public static int max(Integer max) {
        return max == null || max <= 0 ? DEFAULT_MAX : Math.min(max, MAX_MAX);
    }

    // ------------------------------------------------------------------ domain types

    /** Built-in types are created the first time a realm's directory is used (idempotent). */
    private Map<String, EduDomainTypeEntity> types() {
        if (typesById == null) {
            List<EduDomainTypeEntity> list = em.createNamedQuery("edu.domainTypesByRealm", EduDomainTypeEntity.class)
                    .setParameter("realmId", realm.getId()).getResultList();
            if (list.stream().noneMatch(t -> t.isBuiltIn() && "STATE".equals(t.getCode()))) {
                list = new ArrayList<>(list);
                list.addAll(createBuiltInTypes(list));
            }
            typesById = new HashMap<>();
            list.forEach(t -> typesById.put(t.getId(), t));
        }
        return typesById;
    }

    private List<EduDomainTypeEntity> createBuiltInTypes(List<EduDomainTypeEntity> existing) {
        Map<String, EduDomainTypeEntity> byCode = new HashMap<>();
        existing.forEach(t -> byCode.put(t.getCode(), t));
        List<EduDomainTypeEntity> created = new ArrayList<>();
        String[][] builtIns = {{"STATE", "State"}, {"GROUP_OF_DISTRICTS", "Group of Districts", "STATE"},
                {"DISTRICT", "District", "STATE", "GROUP_OF_DISTRICTS"}, {"GROUP_OF_SCHOOLS", "Group of Schools", "DISTRICT"},
                {"SCHOOL", "School", "DISTRICT", "GROUP_OF_SCHOOLS"}};
        for (String[] b : builtIns) {
            EduDomainTypeEntity t = byCode.get(b[0]);
            if (t == null) {
                t = new EduDomainTypeEntity();
                t.setId(UUID.randomUUID().toString());
                t.setRealmId(realm.getId());
                t.setCode(b[0]);
                t.setName(b[1]);
                created.add(t);
            }
            t.setBuiltIn(true);
            for (int i = 2; i < b.length; i++) {
                t.getParentTypeIds().add(byCode.get(b[i]).getId());
            }
            em.persist(t);
            byCode.put(b[0], t);
        }
        em.flush();
        return created;
    }

    public List<DomainTypeRep> listDomainTypes() {
        return types().values().stream().sorted((a, b) -> a.getCode().compareTo(b.getCode())).map(this::toRep).toList();
    }

    public DomainTypeRep getDomainType(String idOrCode) {
        return toRep(typeOr404(idOrCode));
    }

    EduDomainTypeEntity type(String idOrCode, String field) {
        if (idOrCode == null || idOrCode.isBlank()) {
            throw ApiError.badRequest(field, "A domain type (id or code) is required");
        }
        EduDomainTypeEntity t = types().get(idOrCode);
        if (t == null) {
            t = types().values().stream().filter(x -> x.getCode().equalsIgnoreCase(idOrCode)).findFirst().orElse(null);
        }
        if (t == null) {
            throw ApiError.badRequest(field, "Unknown domain type " + idOrCode);
        }
        return t;
    }

    private EduDomainTypeEntity typeOr404(String idOrCode) {
        try {
            return type(idOrCode, "type");
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw ApiError.notFound("Domain type", idOrCode);
        }
    }

    public DomainTypeRep createDomainType(Caller caller, DomainTypeRep rep) {
        String code = required(rep.code, "code").toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9_]{1,64}")) {
            throw ApiError.badRequest("code", "Use 1-64 letters, digits or underscores");
        }
        if (types().values().stream().anyMatch(t -> t.getCode().equals(code))) {
            throw ApiError.conflict("code", "Domain type " + code + " already exists");
        }
        EduDomainTypeEntity t = new EduDomainTypeEntity();
        t.setId(UUID.randomUUID().toString());
        t.setRealmId(realm.getId());
        t.setCode(code);
        t.setName(required(rep.name, "name"));
        t.setParentTypeIds(parentTypeIds(rep.parentTypes));
        em.persist(t);
        flush("code");
        types().put(t.getId(), t);
        audit(caller, "DOMAIN_TYPE_CREATE", "domainType", t.getId(), b -> b.change("code", null, code)
                .change("name", null, t.getName()).change("parentTypes", null, codes(t.getParentTypeIds())));
        return toRep(t);
    }

    public DomainTypeRep updateDomainType(Caller caller, String idOrCode, DomainTypeRep rep) {
        EduDomainTypeEntity t = typeOr404(idOrCode);
        if (rep.code != null && !rep.code.equalsIgnoreCase(t.getCode())) {
            throw ApiError.badRequest("code", "The code of a domain type cannot change");
        }
        String beforeName = t.getName();
        String beforeParents = codes(t.getParentTypeIds());
        if (rep.name != null) {
            t.setName(required(rep.name, "name"));
        }
        if (rep.parentTypes != null) {
            Set<String> parents = parentTypeIds(rep.parentTypes);
            if (parents.contains(t.getId())) {
                throw ApiError.badRequest("parentTypes", "A type cannot be its own parent type");
            }
            t.getParentTypeIds().clear();
            t.getParentTypeIds().addAll(parents);
        }
        flush("code");
        audit(caller, "DOMAIN_TYPE_UPDATE", "domainType", t.getId(), b -> b.change("name", beforeName, t.getName())
                .change("parentTypes", beforeParents, codes(t.getParentTypeIds())));
        return toRep(t);
    }

    public void deleteDomainType(Caller caller, String idOrCode) {
        EduDomainTypeEntity t = typeOr404(idOrCode);
        if (t.isBuiltIn()) {
            throw ApiError.conflict("builtIn", "Built-in domain types cannot be deleted");
        }
        long used = em.createNamedQuery("edu.domainCountByType", Long.class).setParameter("typeId", t.getId()).getSingleResult();
        if (used > 0) {
            throw ApiError.conflict("type", used + " domains have type " + t.getCode());
        }
        native_("DELETE FROM EDU_DOMAIN_TYPE_PARENT WHERE PARENT_TYPE_ID = ?1", t.getId());
        native_("DELETE FROM EDU_ROLE_DOMAIN_TYPE WHERE TYPE_ID = ?1", t.getId());
        types().values().forEach(x -> x.getParentTypeIds().remove(t.getId()));
        em.remove(t);
        types().remove(t.getId());
        em.flush();
        audit(caller, "DOMAIN_TYPE_DELETE", "domainType", t.getId(), b -> b.change("code", t.getCode(), null));
    }

    private Set<String> parentTypeIds(List<String> codes) {
        Set<String> ids = new LinkedHashSet<>();
        if (codes != null) {
            for (String c : codes) {
                ids.add(type(c, "parentTypes").getId());
            }
        }
        return ids;
    }

    private String codes(Collection<String> typeIds) {
        return typeIds.stream().map(id -> types().containsKey(id) ? types().get(id).getCode() : id).sorted()
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    private DomainTypeRep toRep(EduDomainTypeEntity t) {
        DomainTypeRep r = new DomainTypeRep();
        r.id = t.getId();
        r.code = t.getCode();
        r.name = t.getName();
        r.builtIn = t.isBuiltIn();
        r.parentTypes = t.getParentTypeIds().stream().map(id -> types().get(id)).filter(Objects::nonNull)
                .map(EduDomainTypeEntity::getCode).sorted().toList();
        return r;
    }

    // ------------------------------------------------------------------ domains

    EduDomainEntity domain(String id) {
        EduDomainEntity d = id == null ? null : em.find(EduDomainEntity.class, id);
        if (d == null || !d.getRealmId().equals(realm.getId())) {
            throw ApiError.notFound("Domain", id);
        }
        return d;
    }

    /** A domain given by id, or by type + external identifier (what external systems know). */
    EduDomainEntity resolveDomain(String id, String typeCode, String identifier, String field) {
        if (id != null && !id.isBlank()) {
            EduDomainEntity d = em.find(EduDomainEntity.class, id);
            if (d == null || !d.getRealmId().equals(realm.getId())) {
                throw ApiError.badRequest(field, "Unknown domain " + id);
            }
            return d;
        }
        if (identifier != null && !identifier.isBlank()) {
            EduDomainTypeEntity t = type(typeCode, field);
            return em.createNamedQuery("edu.domainByIdentifier", EduDomainEntity.class)
                    .setParameter("realmId", realm.getId()).setParameter("typeId", t.getId())
                    .setParameter("identifier", identifier).getResultStream().findFirst()
                    .orElseThrow(() -> ApiError.badRequest(field, "Unknown domain " + t.getCode() + ":" + identifier));
        }
        return null;
    }

    /** The id of the domain given by id or by {@code TYPE:IDENTIFIER}; 400 naming {@code field} when unknown. */
    public String domainId(String id, String typeAndIdentifier, String field) {
        String type = null, identifier = null;
        if (typeAndIdentifier != null && !typeAndIdentifier.isBlank()) {
            int colon = typeAndIdentifier.indexOf(':');
            if (colon <= 0 || colon == typeAndIdentifier.length() - 1) {
                throw ApiError.badRequest(field, "Give the domain as TYPE:IDENTIFIER, e.g. DISTRICT:D001");
            }
            type = typeAndIdentifier.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            identifier = typeAndIdentifier.substring(colon + 1).trim();
        }
        EduDomainEntity d = resolveDomain(id, type, identifier, field);
        return d == null ? null : d.getId();
    }

    public DomainRep getDomain(String id) {
        EduDomainEntity d = domain(id);
        EduDomainEntity p = d.getParentId() == null ? null : em.find(EduDomainEntity.class, d.getParentId());
        return toRep(d, p == null ? null : p.getIdentifier(), p == null ? null : p.getTypeId());
    }

    public DomainRep getDomainByIdentifier(String typeCode, String identifier) {
        EduDomainTypeEntity t = typeOr404(typeCode);
        EduDomainEntity d = em.createNamedQuery("edu.domainByIdentifier", EduDomainEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("typeId", t.getId())
                .setParameter("identifier", identifier).getResultStream().findFirst()
                .orElseThrow(() -> ApiError.notFound("Domain", t.getCode() + ":" + identifier));
        return getDomain(d.getId());
    }

    private static final String DOMAIN_SELECT = "select d, p.identifier, p.typeId from ";
    private static final String PARENT_JOIN = " left join EduDomainEntity p on p.id = d.parentId";

    /** Domains of the realm, optionally filtered; restricted to the scope's subtrees in the database. */
    public List<DomainRep> searchDomains(Scope scope, String typeCode, String search, String identifier, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN + " where d.realmId = :realmId")
                .param("realmId", realm.getId());
        if (typeCode != null && !typeCode.isBlank()) {
            q.and("d.typeId = :typeId", "typeId", type(typeCode, "type").getId());
        }
        if (identifier != null && !identifier.isBlank()) {
            q.and("d.identifier = :identifier", "identifier", identifier);
        }
        if (search != null && !search.isBlank()) {
            q.and("(lower(d.name) like :s or lower(d.identifier) like :s)", "s", prefix(search));
        }
        scopeFilter(q, scope, "d.id");
        q.append("order by d.name, d.id");
        return domainReps(q.query(em, Object[].class, first, max).getResultList());
    }

    public List<DomainRep> ancestors(String id) {
        domain(id);
        List<Object[]> rows = em.createQuery(DOMAIN_SELECT + "EduDomainClosureEntity c join EduDomainEntity d on d.id = c.ancestorId"
                + PARENT_JOIN + " where c.descendantId = :id and c.depth > 0 order by c.depth desc", Object[].class)
                .setParameter("id", id).getResultList();
        return domainReps(rows);
    }

    public List<DomainRep> children(String id, int first, int max) {
        domain(id);
        return domainReps(em.createQuery(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN
                + " where d.parentId = :id order by d.name, d.id", Object[].class)
                .setParameter("id", id).setFirstResult(first).setMaxResults(max).getResultList());
    }

    /** Root domains (no parent) of the realm. */
    public List<DomainRep> roots(int first, int max) {
        return domainReps(em.createQuery(DOMAIN_SELECT + "EduDomainEntity d" + PARENT_JOIN
                + " where d.realmId = :realmId and d.parentId is null order by d.name, d.id", Object[].class)
                .setParameter("realmId", realm.getId()).setFirstResult(first).setMaxResults(max).getResultList());
    }

    public List<DomainRep> descendants(String id, String typeCode, int first, int max) {
        domain(id);
        Jpql q = new Jpql(DOMAIN_SELECT + "EduDomainClosureEntity c join EduDomainEntity d on d.id = c.descendantId"
                + PARENT_JOIN + " where c.ancestorId = :id and c.depth > 0").param("id", id);
        if (typeCode != null && !typeCode.isBlank()) {
            q.and("d.typeId = :typeId", "typeId", type(typeCode, "type").getId());
        }
        q.append("order by c.depth, d.name, d.id");
        return domainReps(q.query(em, Object[].class, first, max).getResultList());
    }

    /** Resolves the parent named by a representation (parentId, or parentType + parentIdentifier). */
    public String resolveParentId(String parentId, String parentType, String parentIdentifier) {
        EduDomainEntity p = resolveDomain(parentId, parentType, parentIdentifier, "parentId");
        return p == null ? null : p.getId();
    }

    public DomainRep createDomain(Caller caller, DomainRep rep) {
        EduDomainTypeEntity t = type(rep.type, "type");
        EduDomainEntity parent = resolveDomain(rep.parentId, rep.parentType, rep.parentIdentifier, "parentId");
        checkParentType(t, parent);
        String identifier = required(rep.identifier, "identifier");
        checkIdentifierFree(t, identifier, null);
        long now = System.currentTimeMillis();
        EduDomainEntity d = new EduDomainEntity();
        d.setId(UUID.randomUUID().toString());
        d.setRealmId(realm.getId());
        d.setTypeId(t.getId());
        d.setName(required(rep.name, "name"));
        d.setIdentifier(identifier);
        d.setNcesId(blankToNull(rep.ncesId));
        d.setParentId(parent == null ? null : parent.getId());
        d.setActive(rep.active == null || rep.active);
        d.setCreatedAt(now);
        d.setUpdatedAt(now);
        em.persist(d);
        flush("identifier");
        hierarchy.insert(d.getId(), d.getParentId());
        audit(caller, "DOMAIN_CREATE", "domain", d.getId(), b -> b.change("type", null, t.getCode())
                .change("name", null, d.getName()).change("identifier", null, identifier)
                .change("ncesId", null, d.getNcesId()).change("parentId", null, d.getParentId())
                .change("active", null, d.isActive()));
        return getDomain(d.getId());
    }

    /** Updates name, identifier, NCES id, active and (when parentId/parentIdentifier is given and differs) moves. */
    public DomainRep updateDomain(Caller caller, String id, DomainRep rep, Integer expectedVersion) {
        EduDomainEntity d = domain(id);
        checkVersion(d, expectedVersion != null ? expectedVersion : rep.version);
        EduDomainEntity newParent = resolveDomain(rep.parentId, rep.parentType, rep.parentIdentifier, "parentId");
        if (rep.type != null && !type(rep.type, "type").getId().equals(d.getTypeId())) {
            throw ApiError.badRequest("type", "The type of a domain cannot change; create a new domain instead");
        }
        String bName = d.getName(), bIdent = d.getIdentifier(), bNces = d.getNcesId(), bParent = d.getParentId();
        boolean bActive = d.isActive();
        if (rep.name != null) {
            d.setName(required(rep.name, "name"));
        }
        if (rep.identifier != null && !rep.identifier.equals(d.getIdentifier())) {
            checkIdentifierFree(types().get(d.getTypeId()), required(rep.identifier, "identifier"), d.getId());
            d.setIdentifier(rep.identifier);
        }
        if (rep.ncesId != null) {
            d.setNcesId(blankToNull(rep.ncesId));
        }
        if (rep.active != null) {
            d.setActive(rep.active);
        }
        if (newParent != null && !newParent.getId().equals(d.getParentId())) {
            doMove(d, newParent);
        }
        d.setUpdatedAt(System.currentTimeMillis());
        flush("identifier");
        audit(caller, newParent != null && !Objects.equals(bParent, d.getParentId()) ? "DOMAIN_MOVE" : "DOMAIN_UPDATE",
                "domain", d.getId(), b -> b.change("name", bName, d.getName()).change("identifier", bIdent, d.getIdentifier())
                        .change("ncesId", bNces, d.getNcesId()).change("active", bActive, d.isActive())
                        .change("parentId", bParent, d.getParentId()));
        return getDomain(d.getId());
    }

    /** Moves a domain and its whole subtree under {@code newParentId} (null = realm root). */
    public DomainRep moveDomain(Caller caller, String id, String newParentId, Integer expectedVersion) {
        EduDomainEntity d = domain(id);
        checkVersion(d, expectedVersion);
        EduDomainEntity newParent = newParentId == null ? null : resolveDomain(newParentId, null, null, "parentId");
        String before = d.getParentId();
        if (Objects.equals(before, newParentId)) {
            return getDomain(id);
        }
        doMove(d, newParent);
        d.setUpdatedAt(System.currentTimeMillis());
        flush("parentId");
        audit(caller, "DOMAIN_MOVE", "domain", d.getId(), b -> b.change("parentId", before, d.getParentId()));
        return getDomain(id);
    }

    private void doMove(EduDomainEntity d, EduDomainEntity newParent) {
        checkParentType(types().get(d.getTypeId()), newParent);
        if (newParent != null && hierarchy.isInSubtree(d.getId(), newParent.getId())) {
            throw ApiError.badRequest("parentId", "A domain cannot move under itself or one of its descendants");
        }
        d.setParentId(newParent == null ? null : newParent.getId());
        em.flush();
        hierarchy.move(d.getId(), d.getParentId());
    }

    /**
     * Deletes a domain. A domain with children, assignments or groups is refused (409) unless {@code cascade}, which
     * deletes the whole subtree with its assignments and groups in a fixed number of set-based statements.
     */
    public void deleteDomain(Caller caller, String id, boolean cascade) {
        EduDomainEntity d = domain(id);
        long subtree = hierarchy.subtreeSize(id);
        long assignments = ((Number) em.createQuery("select count(a) from EduRoleAssignmentEntity a, EduDomainClosureEntity c"
                + " where c.ancestorId = :id and a.domainId = c.descendantId").setParameter("id", id).getSingleResult()).longValue();
        long groups = ((Number) em.createQuery("select count(g) from EduGroupEntity g, EduDomainClosureEntity c"
                + " where c.ancestorId = :id and g.domainId = c.descendantId").setParameter("id", id).getSingleResult()).longValue();
        if (!cascade && subtree > 1) {
            throw ApiError.conflict("children", "Domain has " + (subtree - 1) + " descendants; move them or delete with cascade=true");
        }
        if (!cascade && (assignments > 0 || groups > 0)) {
            throw ApiError.conflict("assignments", "Domain has " + assignments + " role assignments and " + groups
                    + " groups; delete with cascade=true");
        }
        String type = types().get(d.getTypeId()).getCode();
        String ident = d.getIdentifier();
        em.flush();
        em.detach(d);
        hierarchy.deleteSubtree(id);
        audit(caller, "DOMAIN_DELETE", "domain", id, b -> b.change("identifier", type + ":" + ident, null)
                .change("deletedDomains", null, subtree).change("deletedAssignments", null, assignments)
                .change("deletedGroups", null, groups));
    }

    private void checkParentType(EduDomainTypeEntity t, EduDomainEntity parent) {
        if (parent == null) {
            if (!t.getParentTypeIds().isEmpty()) {
                throw ApiError.badRequest("parentId", "A " + t.getCode() + " needs a parent of type " + codes(t.getParentTypeIds()));
            }
        } else if (!t.getParentTypeIds().contains(parent.getTypeId())) {
            throw ApiError.badRequest("parentId", "A " + t.getCode() + " cannot sit under a "
                    + types().get(parent.getTypeId()).getCode() + (t.getParentTypeIds().isEmpty() ? " (it is a root type)"
                    : "; allowed parent types: " + codes(t.getParentTypeIds())));
        }
    }

    private void checkIdentifierFree(EduDomainTypeEntity t, String identifier, String exceptId) {
        boolean taken = em.createNamedQuery("edu.domainByIdentifier", EduDomainEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("typeId", t.getId())
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

    private List<DomainRep> domainReps(List<Object[]> rows) {
        return rows.stream().map(r -> toRep((EduDomainEntity) r[0], (String) r[1], (String) r[2])).toList();
    }

    private DomainRep toRep(EduDomainEntity d, String parentIdentifier, String parentTypeId) {
        DomainRep r = new DomainRep();
        r.id = d.getId();
        r.type = types().get(d.getTypeId()).getCode();
        r.name = d.getName();
        r.identifier = d.getIdentifier();
        r.ncesId = d.getNcesId();
        r.parentId = d.getParentId();
        r.parentIdentifier = parentIdentifier;
        r.parentType = parentTypeId == null ? null : types().get(parentTypeId).getCode();
        r.active = d.isActive();
        r.createdAt = Instant.ofEpochMilli(d.getCreatedAt()).toString();
        r.updatedAt = Instant.ofEpochMilli(d.getUpdatedAt()).toString();
        r.version = d.getVersion();
        return r;
    }

    // ------------------------------------------------------------------ subjects

    public List<SubjectRep> listSubjects() {
        return em.createNamedQuery("edu.subjectsByRealm", EduSubjectEntity.class).setParameter("realmId", realm.getId())
                .getResultStream().map(DirectoryService::toRep).toList();
    }

    EduSubjectEntity subject(String idOrCode, String field, boolean notFound) {
        EduSubjectEntity s = em.find(EduSubjectEntity.class, idOrCode);
        if (s == null || !s.getRealmId().equals(realm.getId())) {
            s = em.createNamedQuery("edu.subjectByCode", EduSubjectEntity.class).setParameter("realmId", realm.getId())
                    .setParameter("code", idOrCode.toUpperCase(Locale.ROOT)).getResultStream().findFirst().orElse(null);
        }
        if (s == null) {
            throw notFound ? ApiError.notFound("Subject", idOrCode) : ApiError.badRequest(field, "Unknown subject " + idOrCode);
        }
        return s;
    }

    public SubjectRep getSubject(String idOrCode) {
        return toRep(subject(idOrCode, "subject", true));
    }

    public SubjectRep createSubject(Caller caller, SubjectRep rep) {
        String code = required(rep.code, "code").toUpperCase(Locale.ROOT);
        if (em.createNamedQuery("edu.subjectByCode", EduSubjectEntity.class).setParameter("realmId", realm.getId())
                .setParameter("code", code).getResultStream().findAny().isPresent()) {
            throw ApiError.conflict("code", "Subject " + code + " already exists");
        }
        EduSubjectEntity s = new EduSubjectEntity();
        s.setId(UUID.randomUUID().toString());
        s.setRealmId(realm.getId());
        s.setCode(code);
        s.setName(required(rep.name, "name"));
        em.persist(s);
        flush("code");
        audit(caller, "SUBJECT_CREATE", "subject", s.getId(), b -> b.change("code", null, code).change("name", null, s.getName()));
        return toRep(s);
    }

    public SubjectRep updateSubject(Caller caller, String idOrCode, SubjectRep rep) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        if (rep.code != null && !rep.code.equalsIgnoreCase(s.getCode())) {
            throw ApiError.badRequest("code", "The code of a subject cannot change");
        }
        String before = s.getName();
        if (rep.name != null) {
            s.setName(required(rep.name, "name"));
        }
        flush("name");
        audit(caller, "SUBJECT_UPDATE", "subject", s.getId(), b -> b.change("name", before, s.getName()));
        return toRep(s);
    }

    /** Changes a subject's code (bulk primary-key update, {@code new_code}); assignments keep pointing at it by id. */
    public SubjectRep renameSubject(Caller caller, String idOrCode, String newCode) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        String code = required(newCode, "code").toUpperCase(Locale.ROOT);
        if (code.equals(s.getCode())) {
            return toRep(s);
        }
        if (em.createNamedQuery("edu.subjectByCode", EduSubjectEntity.class).setParameter("realmId", realm.getId())
                .setParameter("code", code).getResultStream().findAny().isPresent()) {
            throw ApiError.conflict("code", "Subject " + code + " already exists");
        }
        String before = s.getCode();
        s.setCode(code);
        flush("code");
        audit(caller, "SUBJECT_UPDATE", "subject", s.getId(), b -> b.change("code", before, code));
        return toRep(s);
    }

    public void deleteSubject(Caller caller, String idOrCode) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        long used = count("select count(a) from EduRoleAssignmentEntity a where a.subjectId = :id", s.getId());
        if (used > 0) {
            throw ApiError.conflict("assignments", used + " role assignments use subject " + s.getCode());
        }
        em.remove(s);
        em.flush();
        audit(caller, "SUBJECT_DELETE", "subject", s.getId(), b -> b.change("code", s.getCode(), null));
    }

    private static SubjectRep toRep(EduSubjectEntity s) {
        SubjectRep r = new SubjectRep();
        r.id = s.getId();
        r.code = s.getCode();
        r.name = s.getName();
        return r;
    }

    // ------------------------------------------------------------------ roles

    public List<RoleRep> listRoles() {
        return em.createNamedQuery("edu.rolesByRealm", EduRoleEntity.class).setParameter("realmId", realm.getId())
                .getResultStream().map(this::toRep).toList();
    }

    EduRoleEntity role(String idOrName, String field, boolean notFound) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ApiError.badRequest(field, "A role (id or name) is required");
        }
        EduRoleEntity r = em.find(EduRoleEntity.class, idOrName);
        if (r == null || !r.getRealmId().equals(realm.getId())) {
            r = em.createNamedQuery("edu.roleByName", EduRoleEntity.class).setParameter("realmId", realm.getId())
                    .setParameter("name", idOrName).getResultStream().findFirst().orElse(null);
        }
        if (r == null) {
            throw notFound ? ApiError.notFound("Role", idOrName) : ApiError.badRequest(field, "Unknown role " + idOrName);
        }
        return r;
    }

    public RoleRep getRole(String idOrName) {
        return toRep(role(idOrName, "role", true));
    }

    public RoleRep createRole(Caller caller, RoleRep rep) {
        String name = required(rep.name, "name");
        if (em.createNamedQuery("edu.roleByName", EduRoleEntity.class).setParameter("realmId", realm.getId())
                .setParameter("name", name).getResultStream().findAny().isPresent()) {
            throw ApiError.conflict("name", "Role " + name + " already exists");
        }
        EduRoleEntity r = new EduRoleEntity();
        r.setId(UUID.randomUUID().toString());
        r.setRealmId(realm.getId());
        r.setName(name);
        applyRole(r, rep);
        if (r.getDomainTypeIds().isEmpty()) {
            throw ApiError.badRequest("domainTypes", "Name at least one domain type where the role may be assigned");
        }
        em.persist(r);
        flush("name");
        audit(caller, "ROLE_CREATE", "role", r.getId(), b -> b.change("name", null, name)
                .change("description", null, r.getDescription()).change("subjectSpecific", null, r.isSubjectSpecific())
                .change("administrative", null, r.isAdministrative()).change("domainTypes", null, codes(r.getDomainTypeIds()))
                .change("grantableRoles", null, String.join(",", roleNames(r.getGrantableRoleIds())))
                .change("appRoles", null, sorted(r.getAppRoles())));
        return toRep(r);
    }

    public RoleRep updateRole(Caller caller, String idOrName, RoleRep rep) {
        EduRoleEntity r = role(idOrName, "role", true);
        String bName = r.getName(), bDesc = r.getDescription(), bTypes = codes(r.getDomainTypeIds());
        String bGrant = String.join(",", roleNames(r.getGrantableRoleIds())), bApp = sorted(r.getAppRoles());
        boolean bSubj = r.isSubjectSpecific(), bAdmin = r.isAdministrative();
        if (rep.name != null && !rep.name.equals(r.getName())) {
            String name = required(rep.name, "name");
            if (em.createNamedQuery("edu.roleByName", EduRoleEntity.class).setParameter("realmId", realm.getId())
                    .setParameter("name", name).getResultStream().findAny().isPresent()) {
                throw ApiError.conflict("name", "Role " + name + " already exists");
            }
            r.setName(name);
        }
        if (rep.subjectSpecific != null && rep.subjectSpecific != r.isSubjectSpecific()
                && count("select count(a) from EduRoleAssignmentEntity a where a.roleId = :id", r.getId()) > 0) {
            throw ApiError.conflict("subjectSpecific", "Cannot change subjectSpecific of a role that has assignments");
        }
        applyRole(r, rep);
        if (r.getDomainTypeIds().isEmpty()) {
            throw ApiError.badRequest("domainTypes", "Name at least one domain type where the role may be assigned");
        }
        flush("name");
        audit(caller, "ROLE_UPDATE", "role", r.getId(), b -> b.change("name", bName, r.getName())
                .change("description", bDesc, r.getDescription()).change("subjectSpecific", bSubj, r.isSubjectSpecific())
                .change("administrative", bAdmin, r.isAdministrative()).change("domainTypes", bTypes, codes(r.getDomainTypeIds()))
                .change("grantableRoles", bGrant, String.join(",", roleNames(r.getGrantableRoleIds())))
                .change("appRoles", bApp, sorted(r.getAppRoles())));
        return toRep(r);
    }

    private void applyRole(EduRoleEntity r, RoleRep rep) {
        if (rep.description != null) {
            r.setDescription(blankToNull(rep.description));
        }
        if (rep.subjectSpecific != null) {
            r.setSubjectSpecific(rep.subjectSpecific);
        }
        if (rep.administrative != null) {
            r.setAdministrative(rep.administrative);
        }
        if (rep.domainTypes != null) {
            Set<String> ids = new LinkedHashSet<>();
            rep.domainTypes.forEach(c -> ids.add(type(c, "domainTypes").getId()));
            r.getDomainTypeIds().clear();
            r.getDomainTypeIds().addAll(ids);
        }
        if (rep.grantableRoles != null) {
            Set<String> ids = new LinkedHashSet<>();
            rep.grantableRoles.forEach(n -> ids.add(role(n, "grantableRoles", false).getId()));
            if (!ids.isEmpty() && !r.isAdministrative()) {
                throw ApiError.badRequest("grantableRoles", "Only administrative roles have grantable roles");
            }
            r.getGrantableRoleIds().clear();
            r.getGrantableRoleIds().addAll(ids);
        }
        if (rep.appRoles != null) {
            for (String a : rep.appRoles) {
                if (a == null || !(a.matches("realm:[^:]+") || a.matches("client:[^:]+:[^:]+"))) {
                    throw ApiError.badRequest("appRoles", "Use realm:ROLE or client:CLIENT_ID:ROLE, not " + a);
                }
            }
            r.getAppRoles().clear();
            r.getAppRoles().addAll(rep.appRoles);
        }
    }

    public void deleteRole(Caller caller, String idOrName) {
        EduRoleEntity r = role(idOrName, "role", true);
        long used = count("select count(a) from EduRoleAssignmentEntity a where a.roleId = :id", r.getId());
        if (used > 0) {
            throw ApiError.conflict("assignments", used + " role assignments use role " + r.getName() + "; revoke them first");
        }
        native_("DELETE FROM EDU_ROLE_GRANTABLE WHERE GRANTABLE_ROLE_ID = ?1", r.getId());
        em.remove(r);
        em.flush();
        audit(caller, "ROLE_DELETE", "role", r.getId(), b -> b.change("name", r.getName(), null));
    }

    private List<String> roleNames(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select r.name from EduRoleEntity r where r.id in :ids order by r.name", String.class)
                .setParameter("ids", ids).getResultList();
    }

    private RoleRep toRep(EduRoleEntity e) {
        RoleRep r = new RoleRep();
        r.id = e.getId();
        r.name = e.getName();
        r.description = e.getDescription();
        r.subjectSpecific = e.isSubjectSpecific();
        r.administrative = e.isAdministrative();
        r.domainTypes = e.getDomainTypeIds().stream().map(id -> types().get(id)).filter(Objects::nonNull)
                .map(EduDomainTypeEntity::getCode).sorted().toList();
        r.grantableRoles = roleNames(e.getGrantableRoleIds());
        r.appRoles = e.getAppRoles().stream().sorted().toList();
        return r;
    }

    // ------------------------------------------------------------------ role assignments

    /** An assignment request with every reference resolved to ids (what authorization decides on). */
    public record ResolvedAssignment(String userId, String groupId, String roleId, String domainId, String subjectId,
                                     Long startsAt, Long expiresAt) {
    }

    /** Resolves and validates a request (400 naming the field) without writing anything. */
    public ResolvedAssignment resolve(AssignmentRep rep, String forcedUserId) {
        String userId = forcedUserId != null ? forcedUserId : blankToNull(rep.userId);
        String groupId = blankToNull(rep.groupId);
        if ((userId == null) == (groupId == null)) {
            throw ApiError.badRequest(userId == null ? "userId" : "groupId", "Give exactly one of userId or groupId");
        }
        if (userId != null && forcedUserId == null && session.users().getUserById(realm, userId) == null) {
            throw ApiError.badRequest("userId", "Unknown user " + userId);
        }
        if (groupId != null) {
            EduGroupEntity g = em.find(EduGroupEntity.class, groupId);
            if (g == null || !g.getRealmId().equals(realm.getId())) {
                throw ApiError.badRequest("groupId", "Unknown group " + groupId);
            }
        }
        EduRoleEntity role = role(rep.roleId != null ? rep.roleId : rep.role, "role", false);
        EduDomainEntity domain = resolveDomain(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (domain == null) {
            throw ApiError.badRequest("domainId", "A domain (domainId, or domainType + domainIdentifier) is required");
        }
        if (!role.getDomainTypeIds().contains(domain.getTypeId())) {
            throw ApiError.badRequest("domainId", "Role " + role.getName() + " cannot be assigned at a "
                    + types().get(domain.getTypeId()).getCode() + "; allowed: " + codes(role.getDomainTypeIds()));
        }
        String subjectRef = rep.subjectId != null ? rep.subjectId : rep.subject;
        String subjectId = null;
        if (role.isSubjectSpecific()) {
            if (subjectRef == null || subjectRef.isBlank()) {
                throw ApiError.badRequest("subject", "Role " + role.getName() + " is subject-specific: a subject is required");
            }
            subjectId = subject(subjectRef, "subject", false).getId();
        } else if (subjectRef != null && !subjectRef.isBlank()) {
            throw ApiError.badRequest("subject", "Role " + role.getName() + " is not subject-specific: give no subject");
        }
        Long starts = time(rep.startsAt, "startsAt");
        Long expires = time(rep.expiresAt, "expiresAt");
        if (starts != null && expires != null && expires <= starts) {
            throw ApiError.badRequest("expiresAt", "Expiry must be after the start");
        }
        return new ResolvedAssignment(userId, groupId, role.getId(), domain.getId(), subjectId, starts, expires);
    }

    /** What an assignment's audit events name: role name, domain as {@code TYPE:identifier}, subject code. */
    public record AssignmentLabel(String role, String domain, String subject) {
        static AssignmentLabel of(AssignmentRep rep) {
            return new AssignmentLabel(rep.role, rep.domainType + ":" + rep.domainIdentifier, rep.subject);
        }
    }

    public AssignmentRep grant(Caller caller, ResolvedAssignment a) {
        long now = System.currentTimeMillis();
        long duplicates = ((Number) em.createQuery("select count(a) from EduRoleAssignmentEntity a where "
                        + (a.userId() != null ? "a.userId = :holder" : "a.groupId = :holder")
                        + " and a.roleId = :roleId and a.domainId = :domainId"
                        + " and (a.subjectId = :subjectId or (a.subjectId is null and :subjectId is null))"
                        + " and (a.expiresAt is null or a.expiresAt > :now)")
                .setParameter("holder", a.userId() != null ? a.userId() : a.groupId()).setParameter("roleId", a.roleId())
                .setParameter("domainId", a.domainId()).setParameter("subjectId", a.subjectId()).setParameter("now", now)
                .getSingleResult()).longValue();
        if (duplicates > 0) {
            throw ApiError.conflict("role", "The same role is already assigned at this domain"
                    + (a.subjectId() != null ? " for this subject" : "") + " and has not expired");
        }
        EduRoleAssignmentEntity e = persistAssignment(caller, a, now);
        flush("role");
        AssignmentRep rep = getAssignment(e.getId());
        auditGrant(caller, e, AssignmentLabel.of(rep));
        return rep;
    }

    /**
     * Bulk grant: the caller (a bulk batch) has already resolved the references, checked them against the current
     * state with set-based queries (no active duplicate, role allowed at the domain type) and knows the labels, so
     * this only persists and audits: no per-row query and no flush (the batch flushes once, and a constraint
     * violation there fails the batch, which is then retried row by row).
     */
    public String grantPlanned(Caller caller, ResolvedAssignment a, AssignmentLabel label) {
        EduRoleAssignmentEntity e = persistAssignment(caller, a, System.currentTimeMillis());
        auditGrant(caller, e, label);
        return e.getId();
    }

    private EduRoleAssignmentEntity persistAssignment(Caller caller, ResolvedAssignment a, long now) {
        EduRoleAssignmentEntity e = new EduRoleAssignmentEntity();
        e.setId(UUID.randomUUID().toString());
        e.setRealmId(realm.getId());
        e.setUserId(a.userId());
        e.setGroupId(a.groupId());
        e.setRoleId(a.roleId());
        e.setDomainId(a.domainId());
        e.setSubjectId(a.subjectId());
        e.setStartsAt(a.startsAt());
        e.setExpiresAt(a.expiresAt());
        e.setCreatedAt(now);
        e.setCreatedBy(caller == null ? null : caller.userId());
        em.persist(e);
        return e;
    }

    private void auditGrant(Caller caller, EduRoleAssignmentEntity e, AssignmentLabel label) {
        audit(caller, "ROLE_GRANT", holderType(e), holderId(e),
                b -> b.change("assignmentId", null, e.getId()).change("role", null, label.role())
                        .change("domain", null, label.domain()).change("subject", null, label.subject())
                        .change("startsAt", null, iso(e.getStartsAt())).change("expiresAt", null, iso(e.getExpiresAt())));
    }

    private static String holderType(EduRoleAssignmentEntity e) {
        return e.getUserId() != null ? "user" : "group";
    }

    private static String holderId(EduRoleAssignmentEntity e) {
        return e.getUserId() != null ? e.getUserId() : e.getGroupId();
    }

    private EduRoleAssignmentEntity assignment(String id) {
        EduRoleAssignmentEntity a = id == null ? null : em.find(EduRoleAssignmentEntity.class, id);
        if (a == null || !a.getRealmId().equals(realm.getId())) {
            throw ApiError.notFound("Role assignment", id);
        }
        return a;
    }

    public AssignmentRep getAssignment(String id) {
        assignment(id);
        List<AssignmentRep> l = assignments(new Jpql(ASSIGNMENT_SELECT + " and a.id = :id").param("id", id), 0, 1);
        return l.get(0);
    }

    /** Changes only the validity period; role, domain and subject changes are a revoke plus a grant. */
    public AssignmentRep updateAssignment(Caller caller, String id, AssignmentRep rep) {
        EduRoleAssignmentEntity a = assignment(id);
        AssignmentRep current = getAssignment(id);
        if ((rep.roleId != null && !rep.roleId.equals(a.getRoleId())) || (rep.role != null && !rep.role.equals(current.role))
                || (rep.domainId != null && !rep.domainId.equals(a.getDomainId()))) {
            throw ApiError.badRequest("role", "Only startsAt and expiresAt can change; revoke and grant to change role or domain");
        }
        Long starts = rep.startsAt != null ? time(rep.startsAt, "startsAt") : a.getStartsAt();
        Long expires = rep.expiresAt != null ? time(rep.expiresAt, "expiresAt") : a.getExpiresAt();
        if ("".equals(rep.startsAt)) {
            starts = null;
        }
        if ("".equals(rep.expiresAt)) {
            expires = null;
        }
        if (starts != null && expires != null && expires <= starts) {
            throw ApiError.badRequest("expiresAt", "Expiry must be after the start");
        }
        setPeriod(caller, a, starts, expires);
        flush("expiresAt");
        return getAssignment(id);
    }

    /** Bulk period change, planned and validated by the batch against current state: no re-read, no flush. */
    public void updatePeriodPlanned(Caller caller, String id, Long starts, Long expires) {
        setPeriod(caller, assignment(id), starts, expires);
    }

    private void setPeriod(Caller caller, EduRoleAssignmentEntity a, Long starts, Long expires) {
        Long bStart = a.getStartsAt(), bExp = a.getExpiresAt();
        a.setStartsAt(starts);
        a.setExpiresAt(expires);
        audit(caller, "ROLE_ASSIGNMENT_UPDATE", holderType(a), holderId(a), b -> b.change("assignmentId", a.getId(), a.getId())
                .change("startsAt", iso(bStart), iso(starts)).change("expiresAt", iso(bExp), iso(expires)));
    }

    public void revoke(Caller caller, String id) {
        AssignmentRep rep = getAssignment(id);
        revokePlanned(caller, id, AssignmentLabel.of(rep));
        em.flush();
    }

    /** Bulk revoke with the labels the batch already knows: no re-read, no flush. */
    public void revokePlanned(Caller caller, String id, AssignmentLabel label) {
        EduRoleAssignmentEntity a = assignment(id);
        em.remove(a);
        audit(caller, "ROLE_REVOKE", holderType(a), holderId(a), b -> b.change("assignmentId", id, null)
                .change("role", label.role(), null).change("domain", label.domain(), null)
                .change("subject", label.subject(), null));
    }

    private static final String ASSIGNMENT_SELECT = "select a, r.name, d.identifier, d.typeId, d.name, d.active, s.code"
            + " from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId join EduDomainEntity d on d.id = a.domainId"
            + " left join EduSubjectEntity s on s.id = a.subjectId where 1 = 1";

    /** Assignments held directly by a user (not via groups), or by a group. */
    public List<AssignmentRep> assignmentsOfHolder(String userId, String groupId, Scope scope, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql(ASSIGNMENT_SELECT);
        if (userId != null) {
            q.and("a.userId = :holder", "holder", userId);
        } else {
            q.and("a.groupId = :holder", "holder", groupId);
        }
        assignmentScopeFilter(q, scope);
        q.append("order by a.createdAt, a.id");
        return assignments(q, first, max);
    }

    /** Assignments at a domain, or (subtree) anywhere under it, further limited to the caller's scope. */
    public List<AssignmentRep> assignmentsOfDomain(String domainId, boolean subtree, Scope scope, int first, int max) {
        domain(domainId);
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql(ASSIGNMENT_SELECT);
        if (subtree) {
            q.and("exists (select 1 from EduDomainClosureEntity c where c.ancestorId = :root and c.descendantId = a.domainId)",
                    "root", domainId);
        } else {
            q.and("a.domainId = :root", "root", domainId);
        }
        assignmentScopeFilter(q, scope);
        q.append("order by a.createdAt, a.id");
        return assignments(q, first, max);
    }

    private List<AssignmentRep> assignments(Jpql q, int first, int max) {
        long now = System.currentTimeMillis();
        return q.query(em, Object[].class, first, max).getResultStream().map(row -> {
            EduRoleAssignmentEntity a = (EduRoleAssignmentEntity) row[0];
            AssignmentRep r = new AssignmentRep();
            r.id = a.getId();
            r.userId = a.getUserId();
            r.groupId = a.getGroupId();
            r.roleId = a.getRoleId();
            r.role = (String) row[1];
            r.domainId = a.getDomainId();
            r.domainIdentifier = (String) row[2];
            r.domainType = types().get((String) row[3]).getCode();
            r.domainName = (String) row[4];
            r.subjectId = a.getSubjectId();
            r.subject = (String) row[6];
            r.startsAt = iso(a.getStartsAt());
            r.expiresAt = iso(a.getExpiresAt());
            r.active = (Boolean) row[5] && isCurrent(a.getStartsAt(), a.getExpiresAt(), now);
            r.createdAt = iso(a.getCreatedAt());
            r.createdBy = a.getCreatedBy();
            return r;
        }).toList();
    }

    static boolean isCurrent(Long startsAt, Long expiresAt, long now) {
        return (startsAt == null || startsAt <= now) && (expiresAt == null || expiresAt > now);
    }

    /**
     * The assignments (alias {@code a}, domain alias {@code d}) that are ACTIVE for user {@code :u} at {@code :now}:
     * held directly or through a group, started, not expired, at an active domain. The direct and group branches are a
     * UNION ALL under IN because an OR of the two makes PostgreSQL scan every assignment.
     */
    private static final String ACTIVE_FOR_USER = "a.id in (select x.id from EduRoleAssignmentEntity x where x.userId = :u"
            + " union all select y.id from EduRoleAssignmentEntity y, EduGroupMemberEntity m where m.userId = :u"
            + " and y.groupId = m.groupId) and d.active = true and (a.startsAt is null or a.startsAt <= :now)"
            + " and (a.expiresAt is null or a.expiresAt > :now)";

    /**
     * One row per ACTIVE assignment of the user, direct or through groups (started, not expired, domain active):
     * what tokens carry. A single indexed query (assignment by USER_ID, membership by USER_ID).
     */
    public List<TokenAssignment> activeAssignmentsForToken(String userId) {
        long now = System.currentTimeMillis();
        List<Object[]> rows = em.createQuery("select r.name, d.id, d.identifier, t.code, s.code, d.name, t.id"
                        + " from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId"
                        + " join EduDomainEntity d on d.id = a.domainId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " left join EduSubjectEntity s on s.id = a.subjectId"
                        + " where " + ACTIVE_FOR_USER + " order by r.name, d.identifier", Object[].class)
                .setParameter("u", userId).setParameter("now", now).getResultList();
        return rows.stream().map(r -> new TokenAssignment((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5])).distinct().toList();
    }

    /**
     * The application roles ("realm:NAME", "client:CLIENT_ID:NAME") of the user's ACTIVE assignments, by the same
     * rule ({@link #ACTIVE_FOR_USER}) as {@link #activeAssignmentsForToken}: one indexed query.
     */
    public List<String> activeAppRolesForToken(String userId) {
        long now = System.currentTimeMillis();
        return em.createQuery("select distinct ar from EduRoleAssignmentEntity a join EduRoleEntity r on r.id = a.roleId"
                        + " join r.appRoles ar join EduDomainEntity d on d.id = a.domainId"
                        + " where " + ACTIVE_FOR_USER, String.class)
                .setParameter("u", userId).setParameter("now", now).getResultList();
    }

    /** Ancestors (ordered root first) of many domains at once, for the sbacTenancyChain compatibility claim. */
    public Map<String, List<TokenAssignment.Level>> ancestorsOf(Collection<String> domainIds) {
        Map<String, List<TokenAssignment.Level>> out = new HashMap<>();
        if (domainIds.isEmpty()) {
            return out;
        }
        em.createQuery("select c.descendantId, d.id, d.identifier, d.name, t.code from EduDomainClosureEntity c"
                        + " join EduDomainEntity d on d.id = c.ancestorId join EduDomainTypeEntity t on t.id = d.typeId"
                        + " where c.descendantId in :ids order by c.descendantId, c.depth desc", Object[].class)
                .setParameter("ids", domainIds).getResultStream()
                .forEach(r -> out.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                        .add(new TokenAssignment.Level((String) r[4], (String) r[1], (String) r[2], (String) r[3])));
        return out;
    }

    /** Purges expired assignments when the realm says so (kcedu.expiredAssignments=purge); returns how many. */
    public int purgeExpiredAssignments(long now) {
        String mode = realm.getAttribute(EXPIRED_ASSIGNMENTS_ATTRIBUTE);
        if (!"purge".equalsIgnoreCase(mode)) {
            return 0;
        }
        int n = em.createQuery("delete from EduRoleAssignmentEntity a where a.realmId = :realmId and a.expiresAt <= :now")
                .setParameter("realmId", realm.getId()).setParameter("now", now).executeUpdate();
        if (n > 0) {
            audit(null, "ROLE_ASSIGNMENT_PURGE", "realm", realm.getId(), b -> b.change("purgedAssignments", null, n));
        }
        return n;
    }

    // ------------------------------------------------------------------ groups

    EduGroupEntity group(String id) {
        EduGroupEntity g = id == null ? null : em.find(EduGroupEntity.class, id);
        if (g == null || !g.getRealmId().equals(realm.getId())) {
            throw ApiError.notFound("Group", id);
        }
        return g;
    }

    public GroupRep getGroup(String id) {
        return toRep(group(id));
    }

    /** The owning domain of a group (what group authorization decides on). */
    public String groupDomainId(String groupId) {
        return group(groupId).getDomainId();
    }

    public List<GroupRep> searchGroups(Scope scope, String domainId, String search, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql("select g from EduGroupEntity g where g.realmId = :realmId").param("realmId", realm.getId());
        if (domainId != null && !domainId.isBlank()) {
            q.and("g.domainId = :domainId", "domainId", domainId);
        }
        if (search != null && !search.isBlank()) {
            q.and("lower(g.name) like :s", "s", prefix(search));
        }
        scopeFilter(q, scope, "g.domainId");
        q.append("order by g.name, g.id");
        return q.query(em, EduGroupEntity.class, first, max).getResultStream().map(this::toRep).toList();
    }

    public GroupRep createGroup(Caller caller, GroupRep rep) {
        EduDomainEntity d = resolveDomain(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (d == null) {
            throw ApiError.badRequest("domainId", "A group needs an owning domain");
        }
        EduGroupEntity g = new EduGroupEntity();
        g.setId(UUID.randomUUID().toString());
        g.setRealmId(realm.getId());
        g.setName(required(rep.name, "name"));
        g.setDomainId(d.getId());
        g.setDescription(blankToNull(rep.description));
        em.persist(g);
        flush("name");
        audit(caller, "GROUP_CREATE", "group", g.getId(), b -> b.change("name", null, g.getName())
                .change("domainId", null, g.getDomainId()).change("description", null, g.getDescription()));
        return toRep(g);
    }

    public GroupRep updateGroup(Caller caller, String id, GroupRep rep) {
        EduGroupEntity g = group(id);
        String bName = g.getName(), bDomain = g.getDomainId(), bDesc = g.getDescription();
        if (rep.name != null) {
            g.setName(required(rep.name, "name"));
        }
        if (rep.description != null) {
            g.setDescription(blankToNull(rep.description));
        }
        EduDomainEntity d = resolveDomain(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (d != null) {
            g.setDomainId(d.getId());
        }
        flush("name");
        audit(caller, "GROUP_UPDATE", "group", id, b -> b.change("name", bName, g.getName())
                .change("domainId", bDomain, g.getDomainId()).change("description", bDesc, g.getDescription()));
        return toRep(g);
    }

    public void deleteGroup(Caller caller, String id) {
        EduGroupEntity g = group(id);
        em.flush();
        native_("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE GROUP_ID = ?1", id);
        native_("DELETE FROM EDU_GROUP_MEMBER WHERE GROUP_ID = ?1", id);
        em.remove(g);
        em.flush();
        audit(caller, "GROUP_DELETE", "group", id, b -> b.change("name", g.getName(), null));
    }

    public List<UserRep> groupMembers(String groupId, int first, int max) {
        group(groupId);
        return em.createQuery("select u from EduGroupMemberEntity m join UserEntity u on u.id = m.userId"
                        + " where m.groupId = :g order by u.username", UserEntity.class)
                .setParameter("g", groupId).setFirstResult(first).setMaxResults(max).getResultStream()
                .map(DirectoryService::toRep).toList();
    }

    public List<GroupRep> groupsOfUser(String userId, Scope scope) {
        user(userId);
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql("select g from EduGroupMemberEntity m join EduGroupEntity g on g.id = m.groupId where m.userId = :u")
                .param("u", userId);
        scopeFilter(q, scope, "g.domainId");
        q.append("order by g.name, g.id");
        return q.query(em, EduGroupEntity.class, 0, MAX_MAX).getResultStream().map(this::toRep).toList();
    }

    public void addMember(Caller caller, String groupId, String userId) {
        group(groupId);
        UserModel u = session.users().getUserById(realm, userId);
        if (u == null) {
            throw ApiError.notFound("User", userId);
        }
        if (em.find(EduGroupMemberEntity.class, new EduGroupMemberEntity.Key(groupId, userId)) != null) {
            throw ApiError.conflict("userId", "User is already a member of the group");
        }
        EduGroupMemberEntity m = new EduGroupMemberEntity();
        m.setGroupId(groupId);
        m.setUserId(userId);
        em.persist(m);
        flush("userId");
        audit(caller, "GROUP_MEMBER_ADD", "group", groupId, b -> b.change("member", null, userId));
    }

    public void removeMember(Caller caller, String groupId, String userId) {
        group(groupId);
        EduGroupMemberEntity m = em.find(EduGroupMemberEntity.class, new EduGroupMemberEntity.Key(groupId, userId));
        if (m == null) {
            throw ApiError.notFound("Group member", userId);
        }
        em.remove(m);
        em.flush();
        audit(caller, "GROUP_MEMBER_REMOVE", "group", groupId, b -> b.change("member", userId, null));
    }

    private GroupRep toRep(EduGroupEntity g) {
        GroupRep r = new GroupRep();
        r.id = g.getId();
        r.name = g.getName();
        r.domainId = g.getDomainId();
        r.description = g.getDescription();
        EduDomainEntity d = em.find(EduDomainEntity.class, g.getDomainId());
        if (d != null) {
            r.domainIdentifier = d.getIdentifier();
            r.domainType = types().get(d.getTypeId()).getCode();
        }
        return r;
    }

    // ------------------------------------------------------------------ users

    UserModel user(String id) {
        UserModel u = id == null ? null : session.users().getUserById(realm, id);
        if (u == null) {
            throw ApiError.notFound("User", id);
        }
        return u;
    }

    public UserRep getUser(String id) {
        return toRep(user(id));
    }

    /** The Keycloak user behind a kc-edu user id (404 when absent or a service account). */
    public UserModel userModel(String id) {
        return user(id);
    }

    /**
     * Users of the realm (service accounts excluded), optionally only those holding an assignment (directly or via a
     * group) inside {@code domainId}'s subtree (or at it, when !subtree), always limited to the scope's subtrees.
     * {@code search}: exact id, or a prefix of username, e-mail, first or last name; "first last" matches both names.
     * Holder and scope filters are "u.id in (direct holders union all holders via a group)", not correlated EXISTS
     * per user: PostgreSQL then either starts from the subtree's holders (small scopes) or walks users in username
     * order probing the two indexed branches (large scopes), whichever is cheaper; EXISTS forced the latter always.
     */
    public List<UserRep> searchUsers(Scope scope, String search, String domainId, boolean subtree, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql("select u from UserEntity u where u.realmId = :realmId and u.serviceAccountClientLink is null")
                .param("realmId", realm.getId());
        String order = "order by u.username";
        if (search != null && !search.isBlank()) {
            String s = search.trim().toLowerCase(Locale.ROOT);
            String[] words = s.split("\\s+");
            if (words.length == 2) {
                q.and("lower(u.firstName) like :w1 and lower(u.lastName) like :w2", "w1", prefix(words[0]), "w2", prefix(words[1]));
                // Usernames often start with the first name, so "john smith" matches cluster in username order and
                // PostgreSQL's walk of the username index for 20 matches read 1M rows (3 s at 2M users). Keycloak
                // stores usernames lower-cased: ordering by lower() gives the same order but makes the planner
                // start from the first-name prefix index and sort the few hundred matches.
                order = "order by lower(u.username)";
            } else {
                q.and("(u.id = :exact or u.username like :s or u.email like :s or lower(u.firstName) like :s"
                        + " or lower(u.lastName) like :s)", "exact", search.trim(), "s", prefix(s));
            }
        }
        if (domainId != null && !domainId.isBlank()) {
            domain(domainId);
            String at = subtree ? "" : " and c.depth = 0";
            q.and("u.id in (select a.userId from EduRoleAssignmentEntity a, EduDomainClosureEntity c where c.ancestorId = :d"
                    + at + " and a.domainId = c.descendantId union all select m.userId from EduGroupMemberEntity m,"
                    + " EduRoleAssignmentEntity ga, EduDomainClosureEntity gc where gc.ancestorId = :d" + at.replace("c.", "gc.")
                    + " and ga.domainId = gc.descendantId and m.groupId = ga.groupId)", "d", domainId);
        }
        if (!scope.unrestricted()) {
            // the same rule as single-user decisions: held (directly or via a group) and visible to the admin
            Map<String, Object> params = new HashMap<>();
            q.and(scope.userCondition("u.id", "sv", params));
            params.forEach(q::param);
        }
        q.append(order);
        return q.query(em, UserEntity.class, first, max).getResultStream().map(DirectoryService::toRep).toList();
    }

    /**
     * The checks of a new user's request that do not depend on the database (400 naming the field). Run before the
     * e-mail is looked up, so that the answer is the same whether or not an account has that e-mail (adoption).
     */
    public static void checkNewUser(UserRep rep, List<ResolvedAssignment> assignments) {
        if (assignments.isEmpty()) {
            throw ApiError.badRequest("assignments", "A user created through kc-edu needs at least one role assignment");
        }
        String email = required(rep.email, "email").trim().toLowerCase(Locale.ROOT);
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiError.badRequest("email", "Not an e-mail address");
        }
        required(rep.firstName, "firstName");
        required(rep.lastName, "lastName");
    }

    /** The username a new user gets: the one given, else the e-mail (lower-cased, as Keycloak stores them). */
    public static String newUsername(UserRep rep) {
        return rep.username == null || rep.username.isBlank() ? rep.email.trim().toLowerCase(Locale.ROOT)
                : rep.username.trim().toLowerCase(Locale.ROOT);
    }

    /** Creates a Keycloak user with at least one assignment, all validated before anything is written. */
    public UserRep createUser(Caller caller, UserRep rep, List<ResolvedAssignment> assignments) {
        checkNewUser(rep, assignments);
        String email = rep.email.trim().toLowerCase(Locale.ROOT);
        String username = newUsername(rep);
        if (session.users().getUserByUsername(realm, username) != null) {
            throw ApiError.conflict("username", "User " + username + " already exists");
        }
        if (!realm.isDuplicateEmailsAllowed() && session.users().getUserByEmail(realm, email) != null) {
            throw ApiError.conflict("email", "Another user has e-mail " + email);
        }
        String firstName = required(rep.firstName, "firstName");
        String lastName = required(rep.lastName, "lastName");
        UserModel u = session.users().addUser(realm, username);
        u.setEmail(email);
        u.setFirstName(firstName);
        u.setLastName(lastName);
        u.setEnabled(rep.enabled == null || rep.enabled);
        audit(caller, "USER_CREATE", "user", u.getId(), b -> b.change("username", null, username).change("email", null, email)
                .change("firstName", null, firstName).change("lastName", null, lastName).change("enabled", null, u.isEnabled()));
        for (ResolvedAssignment a : assignments) {
            grant(caller, new ResolvedAssignment(u.getId(), null, a.roleId(), a.domainId(), a.subjectId(), a.startsAt(), a.expiresAt()));
        }
        UserRep out = toRep(u);
        out.assignments = assignmentsOfHolder(u.getId(), null, Scope.unrestrictedScope(), 0, MAX_MAX);
        return out;
    }

    /** Names and enabled flag (USER_UPDATE) and e-mail (a separate EMAIL_CHANGE event: it is security-relevant). */
    public UserRep updateUser(Caller caller, String id, UserRep rep) {
        UserModel u = user(id);
        String bFirst = u.getFirstName(), bLast = u.getLastName(), bEmail = u.getEmail();
        boolean bEnabled = u.isEnabled();
        if (rep.username != null && !rep.username.equalsIgnoreCase(u.getUsername())) {
            throw ApiError.badRequest("username", "The username cannot change");
        }
        String email = rep.email == null ? null : rep.email.trim().toLowerCase(Locale.ROOT);
        if (email != null && !email.equals(bEmail)) {
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw ApiError.badRequest("email", "Not an e-mail address");
            }
            UserModel other = session.users().getUserByEmail(realm, email);
            if (!realm.isDuplicateEmailsAllowed() && other != null && !other.getId().equals(id)) {
                throw ApiError.conflict("email", "Another user has e-mail " + email);
            }
        }
        if (rep.firstName != null) {
            u.setFirstName(required(rep.firstName, "firstName"));
        }
        if (rep.lastName != null) {
            u.setLastName(required(rep.lastName, "lastName"));
        }
        if (rep.enabled != null) {
            u.setEnabled(rep.enabled);
        }
        if (!Objects.equals(bFirst, u.getFirstName()) || !Objects.equals(bLast, u.getLastName()) || bEnabled != u.isEnabled()) {
            audit(caller, "USER_UPDATE", "user", id, b -> b.change("firstName", bFirst, u.getFirstName())
                    .change("lastName", bLast, u.getLastName()).change("enabled", bEnabled, u.isEnabled()));
        }
        if (email != null && !email.equals(bEmail)) {
            // Where the username is the e-mail (the common case for educators) it follows the e-mail.
            String bUsername = u.getUsername();
            boolean usernameFollows = bUsername.equalsIgnoreCase(bEmail == null ? "" : bEmail);
            if (usernameFollows && session.users().getUserByUsername(realm, email) != null) {
                throw ApiError.conflict("email", "Another user has username " + email);
            }
            u.setEmail(email);
            u.setEmailVerified(false);
            if (usernameFollows) {
                u.setUsername(email);
            }
            audit(caller, "EMAIL_CHANGE", "user", id, b -> b.change("email", bEmail, email)
                    .change("username", bUsername, u.getUsername()));
        }
        return toRep(u);
    }

    /** Deletes the Keycloak user; the UserRemovedEvent listener removes their assignments and memberships. */
    public void deleteUser(Caller caller, String id) {
        UserModel u = user(id);
        String username = u.getUsername();
        // UserManager (not users().removeUser) publishes UserRemovedEvent, which every listener (ours too) relies on
        if (!new org.keycloak.models.UserManager(session).removeUser(realm, u)) {
            throw ApiError.conflict("id", "Keycloak refused to delete user " + id);
        }
        audit(caller, "USER_DELETE", "user", id, b -> b.change("username", username, null));
    }

    static UserRep toRep(UserModel u) {
        UserRep r = new UserRep();
        r.id = u.getId();
        r.username = u.getUsername();
        r.email = u.getEmail();
        r.firstName = u.getFirstName();
        r.lastName = u.getLastName();
        r.enabled = u.isEnabled();
        return r;
    }

    static UserRep toRep(UserEntity u) {
        UserRep r = new UserRep();
        r.id = u.getId();
        r.username = u.getUsername();
        r.email = u.getEmail();
        r.firstName = u.getFirstName();
        r.lastName = u.getLastName();
        r.enabled = u.isEnabled();
        return r;
    }

    // ------------------------------------------------------------------ lifecycle (called by DirectoryLifecycle)

    /** A Keycloak user was deleted: drop their assignments and memberships (no audit: the user deletion is the event). */
    public void deleteUserData(String userId) {
        native_("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE USER_ID = ?1", userId);
        native_("DELETE FROM EDU_GROUP_MEMBER WHERE USER_ID = ?1", userId);
    }

    /** A realm was deleted: drop every kc-edu directory row of it. */
    public void deleteRealmData() {
        String r = realm.getId();
        native_("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE REALM_ID = ?1", r);
        native_("DELETE FROM EDU_GROUP_MEMBER WHERE GROUP_ID IN (SELECT ID FROM EDU_GROUP WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_GROUP WHERE REALM_ID = ?1", r);
        native_("DELETE FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID IN (SELECT ID FROM EDU_DOMAIN WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_DOMAIN WHERE REALM_ID = ?1", r);
        native_("DELETE FROM EDU_ROLE_APP_ROLE WHERE ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_ROLE_GRANTABLE WHERE ADMIN_ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_ROLE_DOMAIN_TYPE WHERE ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_ROLE WHERE REALM_ID = ?1", r);
        native_("DELETE FROM EDU_SUBJECT WHERE REALM_ID = ?1", r);
        native_("DELETE FROM EDU_DOMAIN_TYPE_PARENT WHERE TYPE_ID IN (SELECT ID FROM EDU_DOMAIN_TYPE WHERE REALM_ID = ?1)", r);
        native_("DELETE FROM EDU_DOMAIN_TYPE WHERE REALM_ID = ?1", r);
    }

    // ------------------------------------------------------------------ helpers

    /** Limits a query to rows whose domain column lies in one of the scope's subtrees (closure join in SQL). */
    private static void scopeFilter(Jpql q, Scope scope, String domainColumn) {
        if (!scope.unrestricted()) {
            q.and("exists (select 1 from EduDomainClosureEntity sc where sc.descendantId = " + domainColumn
                    + " and sc.ancestorId in :scopeRoots)", "scopeRoots", scope.rootDomainIds());
        }
    }

    /** Assignments (alias {@code a}) an admin may see (§5.1.2, §6): see {@link Scope#assignmentCondition}. */
    private static void assignmentScopeFilter(Jpql q, Scope scope) {
        if (!scope.unrestricted()) {
            Map<String, Object> params = new HashMap<>();
            q.and(scope.assignmentCondition("a", "sc", "sf", params));
            params.forEach(q::param);
        }
    }

    private long count(String jpql, String id) {
        return ((Number) em.createQuery(jpql).setParameter("id", id).getSingleResult()).longValue();
    }

    private void native_(String sql, String param) {
        em.createNativeQuery(sql).setParameter(1, param).executeUpdate();
    }

    /** Flushes now so constraint and version conflicts become 409 here instead of a 500 at commit. */
    private void flush(String field) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw ApiError.conflict("version", "Changed by someone else meanwhile; reload and retry");
        } catch (PersistenceException e) {
            throw ApiError.conflict(field, "Conflicts with existing data: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    private void audit(Caller caller, String action, String targetType, String targetId, Consumer<AuditEvent.Builder> changes) {
        AuditEvent.Builder b = caller != null ? caller.audit(action)
                : AuditEvent.builder(EntryPoint.SYSTEM, action).realm(realm.getId(), realm.getName());
        b.target(targetType, targetId);
        if (bulkJobId != null) {
            b.bulk(bulkJobId, bulkLine);
        }
        changes.accept(b);
        AuditTrail.record(session, b.build());
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (value.length() > 255) {
            throw ApiError.badRequest(field, field + " is longer than 255 characters");
        }
        return value.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String prefix(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String sorted(Collection<String> c) {
        return c.stream().sorted().reduce((a, b) -> a + "," + b).orElse("");
    }

    public static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** ISO-8601 instant ("2026-12-31T23:59:59Z") or date ("2026-12-31" = start of that day, UTC). */
    public static Long time(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                    : Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field, "Use an ISO-8601 date (2026-12-31) or instant (2026-12-31T23:59:59Z)");
        }
    }
}
