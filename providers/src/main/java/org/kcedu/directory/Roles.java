package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.blankToNull;
import static org.kcedu.directory.DirectoryStore.required;
import static org.kcedu.directory.DirectoryStore.sorted;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduRoleEntity;
import org.kcedu.directory.model.RoleRep;

/**
 * The realm's kc-edu roles: where each may be assigned (domain types), which subjects its assignments may
 * carry (and whether one is required), whether it is administrative (with the roles it may grant), and the {@link AppRole}s it stands for in tokens.
 */
public final class Roles {

    private final DirectoryStore store;
    private final DomainTypes types;
    private final Subjects subjects;

    Roles(DirectoryStore store, DomainTypes types, Subjects subjects) {
        this.store = store;
        this.types = types;
        this.subjects = subjects;
    }

    public List<RoleRep> list() {
        return store.em.createNamedQuery("edu.rolesByRealm", EduRoleEntity.class).setParameter("realmId", store.realm.getId())
                .getResultStream().map(this::toRep).toList();
    }

    /** The role given by id or name; 404 when {@code notFound}, else 400 naming {@code field}. */
    EduRoleEntity role(String idOrName, String field, boolean notFound) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ApiError.badRequest(field, "A role (id or name) is required");
        }
        EduRoleEntity r = store.find(EduRoleEntity.class, idOrName, EduRoleEntity::getRealmId);
        if (r == null) {
            r = byName(idOrName);
        }
        if (r == null) {
            throw notFound ? ApiError.notFound("Role", idOrName) : ApiError.badRequest(field, "Unknown role " + idOrName);
        }
        return r;
    }

    private EduRoleEntity byName(String name) {
        return store.em.createNamedQuery("edu.roleByName", EduRoleEntity.class).setParameter("realmId", store.realm.getId())
                .setParameter("name", name).getResultStream().findFirst().orElse(null);
    }

    private void checkNameFree(String name) {
        if (byName(name) != null) {
            throw ApiError.conflict("name", "Role " + name + " already exists");
        }
    }

    public RoleRep get(String idOrName) {
        return toRep(role(idOrName, "role", true));
    }

    public RoleRep create(Caller caller, RoleRep rep) {
        String name = required(rep.name, "name");
        checkNameFree(name);
        EduRoleEntity r = new EduRoleEntity();
        r.setId(UUID.randomUUID().toString());
        r.setRealmId(store.realm.getId());
        r.setName(name);
        apply(r, rep);
        store.em.persist(r);
        store.flush("name");
        store.audit(caller, "ROLE_CREATE", "role", r.getId(), b -> b.change("name", null, name)
                .change("description", null, r.getDescription())
                .change("subjects", null, String.join(",", subjects.codeList(r.getSubjectIds())))
                .change("subjectRequired", null, r.isSubjectRequired())
                .change("administrative", null, r.isAdministrative()).change("domainTypes", null, types.codes(r.getDomainTypeIds()))
                .change("grantableRoles", null, String.join(",", names(r.getGrantableRoleIds())))
                .change("appRoles", null, sorted(r.getAppRoles())));
        return toRep(r);
    }

    public RoleRep update(Caller caller, String idOrName, RoleRep rep) {
        return update(caller, idOrName, rep, false);
    }

    /**
     * Updates a role. When the new domain types or subjects would leave current assignments of the role outside them
     * (§3.3.2: at a domain type it no longer allows, for a subject it no longer lists, or without a subject it now
     * requires), the answer is 409 naming {@code assignments} with their count, unless {@code endAssignments}: then
     * those assignments end now (expiry set to now, audited one by one) and the role changes.
     */
    public RoleRep update(Caller caller, String idOrName, RoleRep rep, boolean endAssignments) {
        EduRoleEntity r = role(idOrName, "role", true);
        String bName = r.getName(), bDesc = r.getDescription(), bTypes = types.codes(r.getDomainTypeIds());
        String bGrant = String.join(",", names(r.getGrantableRoleIds())), bApp = sorted(r.getAppRoles());
        String bSubjects = String.join(",", subjects.codeList(r.getSubjectIds()));
        boolean bRequired = r.isSubjectRequired(), bAdmin = r.isAdministrative();
        if (rep.name != null && !rep.name.equals(r.getName())) {
            String name = required(rep.name, "name");
            checkNameFree(name);
            r.setName(name);
        }
        apply(r, rep);
        List<String> violating = violatingAssignments(r);
        if (!violating.isEmpty()) {
            if (!endAssignments) {
                throw ApiError.conflict("assignments", violating.size() + " current role assignments of role " + bName
                        + " would fall outside its new domain types or subjects; end them first, or repeat the request"
                        + " with endAssignments=true to end them now");
            }
            Assignments.end(store, caller, violating, System.currentTimeMillis());
        }
        store.flush("name");
        store.audit(caller, "ROLE_UPDATE", "role", r.getId(), b -> b.change("name", bName, r.getName())
                .change("description", bDesc, r.getDescription())
                .change("subjects", bSubjects, String.join(",", subjects.codeList(r.getSubjectIds())))
                .change("subjectRequired", bRequired, r.isSubjectRequired())
                .change("administrative", bAdmin, r.isAdministrative()).change("domainTypes", bTypes, types.codes(r.getDomainTypeIds()))
                .change("grantableRoles", bGrant, String.join(",", names(r.getGrantableRoleIds())))
                .change("appRoles", bApp, sorted(r.getAppRoles()))
                .change("endedAssignments", null, violating.isEmpty() ? null : violating.size()));
        return toRep(r);
    }

    /**
     * Ids of the role's assignments that have not ended (no expiry, or expiry in the future) and that the role as it
     * now stands would refuse: at a domain type it does not list, for a subject it does not list, or without a
     * subject it requires. One query; the role's collections are the (unflushed) new ones.
     */
    private List<String> violatingAssignments(EduRoleEntity r) {
        StringBuilder bad = new StringBuilder("d.typeId not in :types");
        if (r.getSubjectIds().isEmpty()) {
            bad.append(" or a.subjectId is not null");
        } else {
            bad.append(" or (a.subjectId is not null and a.subjectId not in :subjects)");
        }
        if (r.isSubjectRequired()) {
            bad.append(" or a.subjectId is null");
        }
        var q = store.em.createQuery("select a.id from EduRoleAssignmentEntity a, EduDomainEntity d where d.id = a.domainId"
                        + " and a.roleId = :id and (a.expiresAt is null or a.expiresAt > :now) and (" + bad + ") order by a.id",
                        String.class)
                .setFlushMode(jakarta.persistence.FlushModeType.COMMIT)
                .setParameter("id", r.getId()).setParameter("now", System.currentTimeMillis())
                .setParameter("types", r.getDomainTypeIds());
        if (!r.getSubjectIds().isEmpty()) {
            q.setParameter("subjects", r.getSubjectIds());
        }
        return q.getResultList();
    }

    /** Applies and validates the representation's optional fields; a role must keep at least one domain type. */
    private void apply(EduRoleEntity r, RoleRep rep) {
        if (rep.description != null) {
            r.setDescription(blankToNull(rep.description));
        }
        applySubjects(r, rep);
        if (rep.administrative != null) {
            r.setAdministrative(rep.administrative);
        }
        if (rep.domainTypes != null) {
            Set<String> ids = new LinkedHashSet<>();
            rep.domainTypes.forEach(c -> ids.add(types.type(c, "domainTypes").getId()));
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
            rep.appRoles.forEach(a -> AppRole.require(a, "appRoles"));
            r.getAppRoles().clear();
            r.getAppRoles().addAll(rep.appRoles);
        }
        if (r.getDomainTypeIds().isEmpty()) {
            throw ApiError.badRequest("domainTypes", "Name at least one domain type where the role may be assigned");
        }
    }

    /**
     * {@code subjects} (codes; empty = none) and {@code subjectRequired}, and the older {@code subjectSpecific}: true
     * without {@code subjects} gives a role without subjects every subject the realm has now, required (what
     * subject-specific meant); false clears the list. Given together, subjectSpecific must agree with the list.
     */
    private void applySubjects(EduRoleEntity r, RoleRep rep) {
        if (rep.subjects != null) {
            Set<String> ids = new LinkedHashSet<>();
            for (String code : rep.subjects) {
                if (code == null || code.isBlank()) {
                    throw ApiError.badRequest("subjects", "A subject code is required");
                }
                ids.add(subjects.subject(code.trim(), "subjects", false).getId());
            }
            if (rep.subjectSpecific != null && rep.subjectSpecific == ids.isEmpty()) {
                throw ApiError.badRequest("subjectSpecific", "subjectSpecific " + rep.subjectSpecific + " contradicts subjects;"
                        + " give subjects (and subjectRequired) only");
            }
            r.getSubjectIds().clear();
            r.getSubjectIds().addAll(ids);
        } else if (Boolean.TRUE.equals(rep.subjectSpecific) && r.getSubjectIds().isEmpty()) {
            List<String> all = subjects.allIds();
            if (all.isEmpty()) {
                throw ApiError.badRequest("subjectSpecific", "The realm has no subjects yet: create subjects first, or give"
                        + " the role's subjects");
            }
            r.getSubjectIds().addAll(all);
            if (rep.subjectRequired == null) {
                r.setSubjectRequired(true);
            }
        } else if (Boolean.FALSE.equals(rep.subjectSpecific)) {
            r.getSubjectIds().clear();
        }
        if (rep.subjectRequired != null) {
            if (rep.subjectRequired && r.getSubjectIds().isEmpty()) {
                throw ApiError.badRequest("subjectRequired", "A role without subjects cannot require one; give subjects");
            }
            r.setSubjectRequired(rep.subjectRequired);
        }
        if (r.getSubjectIds().isEmpty()) {
            r.setSubjectRequired(false);
        }
        r.setSubjectSpecific(!r.getSubjectIds().isEmpty());
    }

    /** Subject rule of an assignment (§3.5.2): in the role's list, blank only when not required (400 naming subject). */
    static void checkSubject(EduRoleEntity role, String subjectId, String subjectCode) {
        if (subjectId == null) {
            if (role.isSubjectRequired()) {
                throw ApiError.badRequest("subject", "Role " + role.getName() + " requires a subject");
            }
        } else if (!role.getSubjectIds().contains(subjectId)) {
            throw ApiError.badRequest("subject", role.getSubjectIds().isEmpty()
                    ? "Role " + role.getName() + " takes no subject: give no subject"
                    : "Role " + role.getName() + " cannot be assigned for subject " + subjectCode);
        }
    }

    public void delete(Caller caller, String idOrName) {
        EduRoleEntity r = role(idOrName, "role", true);
        long used = store.count("select count(a) from EduRoleAssignmentEntity a where a.roleId = :id", r.getId());
        if (used > 0) {
            throw ApiError.conflict("assignments", used + " role assignments use role " + r.getName() + "; revoke them first");
        }
        store.exec("DELETE FROM EDU_ROLE_GRANTABLE WHERE GRANTABLE_ROLE_ID = ?1", r.getId());
        store.em.remove(r);
        store.em.flush();
        store.audit(caller, "ROLE_DELETE", "role", r.getId(), b -> b.change("name", r.getName(), null));
    }

    private List<String> names(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.em.createQuery("select r.name from EduRoleEntity r where r.id in :ids order by r.name", String.class)
                .setParameter("ids", ids).getResultList();
    }

    private RoleRep toRep(EduRoleEntity e) {
        RoleRep r = new RoleRep();
        r.id = e.getId();
        r.name = e.getName();
        r.description = e.getDescription();
        r.subjects = subjects.codeList(e.getSubjectIds());
        r.subjectRequired = e.isSubjectRequired();
        r.subjectSpecific = !r.subjects.isEmpty();
        r.administrative = e.isAdministrative();
        r.domainTypes = types.codeList(e.getDomainTypeIds());
        r.grantableRoles = names(e.getGrantableRoleIds());
        r.appRoles = e.getAppRoles().stream().sorted().toList();
        return r;
    }
}
