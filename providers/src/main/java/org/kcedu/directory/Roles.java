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
 * The realm's kc-edu roles: where each may be assigned (domain types), whether it is subject-specific or
 * administrative (with the roles it may grant), and the {@link AppRole}s it stands for in tokens.
 */
public final class Roles {

    private final DirectoryStore store;
    private final DomainTypes types;

    Roles(DirectoryStore store, DomainTypes types) {
        this.store = store;
        this.types = types;
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
                .change("description", null, r.getDescription()).change("subjectSpecific", null, r.isSubjectSpecific())
                .change("administrative", null, r.isAdministrative()).change("domainTypes", null, types.codes(r.getDomainTypeIds()))
                .change("grantableRoles", null, String.join(",", names(r.getGrantableRoleIds())))
                .change("appRoles", null, sorted(r.getAppRoles())));
        return toRep(r);
    }

    public RoleRep update(Caller caller, String idOrName, RoleRep rep) {
        EduRoleEntity r = role(idOrName, "role", true);
        String bName = r.getName(), bDesc = r.getDescription(), bTypes = types.codes(r.getDomainTypeIds());
        String bGrant = String.join(",", names(r.getGrantableRoleIds())), bApp = sorted(r.getAppRoles());
        boolean bSubj = r.isSubjectSpecific(), bAdmin = r.isAdministrative();
        if (rep.name != null && !rep.name.equals(r.getName())) {
            String name = required(rep.name, "name");
            checkNameFree(name);
            r.setName(name);
        }
        if (rep.subjectSpecific != null && rep.subjectSpecific != r.isSubjectSpecific()
                && store.count("select count(a) from EduRoleAssignmentEntity a where a.roleId = :id", r.getId()) > 0) {
            throw ApiError.conflict("subjectSpecific", "Cannot change subjectSpecific of a role that has assignments");
        }
        apply(r, rep);
        store.flush("name");
        store.audit(caller, "ROLE_UPDATE", "role", r.getId(), b -> b.change("name", bName, r.getName())
                .change("description", bDesc, r.getDescription()).change("subjectSpecific", bSubj, r.isSubjectSpecific())
                .change("administrative", bAdmin, r.isAdministrative()).change("domainTypes", bTypes, types.codes(r.getDomainTypeIds()))
                .change("grantableRoles", bGrant, String.join(",", names(r.getGrantableRoleIds())))
                .change("appRoles", bApp, sorted(r.getAppRoles())));
        return toRep(r);
    }

    /** Applies and validates the representation's optional fields; a role must keep at least one domain type. */
    private void apply(EduRoleEntity r, RoleRep rep) {
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
        r.subjectSpecific = e.isSubjectSpecific();
        r.administrative = e.isAdministrative();
        r.domainTypes = types.codeList(e.getDomainTypeIds());
        r.grantableRoles = names(e.getGrantableRoleIds());
        r.appRoles = e.getAppRoles().stream().sorted().toList();
        return r;
    }
}
