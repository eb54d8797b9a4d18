package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.blankToNull;
import static org.kcedu.directory.DirectoryStore.required;

import java.util.List;
import java.util.UUID;

import org.kcedu.authz.Scope;
import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduDomainEntity;
import org.kcedu.directory.jpa.EduGroupEntity;
import org.kcedu.directory.jpa.EduGroupMemberEntity;
import org.kcedu.directory.model.GroupRep;
import org.kcedu.directory.model.UserRep;
import org.keycloak.models.jpa.entities.UserEntity;

/** kc-edu groups: owned by a domain (what authorization decides on), with members and their own assignments. */
public final class Groups {

    private final DirectoryStore store;
    private final DomainTypes types;
    private final Domains domains;

    Groups(DirectoryStore store, DomainTypes types, Domains domains) {
        this.store = store;
        this.types = types;
        this.domains = domains;
    }

    private EduGroupEntity group(String id) {
        return store.findOr404(EduGroupEntity.class, id, EduGroupEntity::getRealmId, "Group");
    }

    public GroupRep get(String id) {
        return toRep(group(id));
    }

    /** The owning domain of a group (what group authorization decides on). */
    public String domainIdOf(String groupId) {
        return group(groupId).getDomainId();
    }

    public List<GroupRep> search(Scope scope, String domainId, String search, int first, int max) {
        if (scope.isEmpty()) {
            return List.of();
        }
        return searchQuery(scope, domainId, search).query(store.em, EduGroupEntity.class, first, max).getResultStream()
                .map(this::toRep).toList();
    }

    /** How many groups {@link #search} finds in all (same filters and scope, no paging). */
    public long countSearch(Scope scope, String domainId, String search) {
        return scope.isEmpty() ? 0 : searchQuery(scope, domainId, search).count(store.em, "g");
    }

    private Jpql searchQuery(Scope scope, String domainId, String search) {
        Jpql q = new Jpql("select g from EduGroupEntity g where g.realmId = :realmId").param("realmId", store.realm.getId());
        if (domainId != null && !domainId.isBlank()) {
            q.and("g.domainId = :domainId", "domainId", domainId);
        }
        if (search != null && !search.isBlank()) {
            q.and("lower(g.name) like :s", "s", DirectoryStore.prefix(search));
        }
        DirectoryStore.scopeFilter(q, scope, "g.domainId");
        q.append("order by g.name, g.id");
        return q;
    }

    public GroupRep create(Caller caller, GroupRep rep) {
        EduDomainEntity d = domains.resolve(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (d == null) {
            throw ApiError.badRequest("domainId", "A group needs an owning domain");
        }
        EduGroupEntity g = new EduGroupEntity();
        g.setId(UUID.randomUUID().toString());
        g.setRealmId(store.realm.getId());
        g.setName(required(rep.name, "name"));
        g.setDomainId(d.getId());
        g.setDescription(blankToNull(rep.description));
        store.em.persist(g);
        store.flush("name");
        store.audit(caller, "GROUP_CREATE", "group", g.getId(), b -> b.change("name", null, g.getName())
                .change("domainId", null, g.getDomainId()).change("description", null, g.getDescription()));
        return toRep(g);
    }

    public GroupRep update(Caller caller, String id, GroupRep rep) {
        EduGroupEntity g = group(id);
        String bName = g.getName(), bDomain = g.getDomainId(), bDesc = g.getDescription();
        if (rep.name != null) {
            g.setName(required(rep.name, "name"));
        }
        if (rep.description != null) {
            g.setDescription(blankToNull(rep.description));
        }
        EduDomainEntity d = domains.resolve(rep.domainId, rep.domainType, rep.domainIdentifier, "domainId");
        if (d != null) {
            g.setDomainId(d.getId());
        }
        store.flush("name");
        store.audit(caller, "GROUP_UPDATE", "group", id, b -> b.change("name", bName, g.getName())
                .change("domainId", bDomain, g.getDomainId()).change("description", bDesc, g.getDescription()));
        return toRep(g);
    }

    public void delete(Caller caller, String id) {
        EduGroupEntity g = group(id);
        store.em.flush();
        store.exec("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE GROUP_ID = ?1", id);
        store.exec("DELETE FROM EDU_GROUP_MEMBER WHERE GROUP_ID = ?1", id);
        store.em.remove(g);
        store.em.flush();
        store.audit(caller, "GROUP_DELETE", "group", id, b -> b.change("name", g.getName(), null));
    }

    public List<UserRep> members(String groupId, int first, int max) {
        group(groupId);
        return store.em.createQuery("select u from EduGroupMemberEntity m join UserEntity u on u.id = m.userId"
                        + " where m.groupId = :g order by u.username", UserEntity.class)
                .setParameter("g", groupId).setFirstResult(first).setMaxResults(max).getResultStream()
                .map(DirectoryUsers::toRep).toList();
    }

    /** How many members {@link #members} lists in all. */
    public long countMembers(String groupId) {
        return store.em.createQuery("select count(u) from EduGroupMemberEntity m join UserEntity u on u.id = m.userId"
                + " where m.groupId = :g", Long.class).setParameter("g", groupId).getSingleResult();
    }

    public List<GroupRep> ofUser(String userId, Scope scope) {
        store.user(userId);
        if (scope.isEmpty()) {
            return List.of();
        }
        Jpql q = new Jpql("select g from EduGroupMemberEntity m join EduGroupEntity g on g.id = m.groupId where m.userId = :u")
                .param("u", userId);
        DirectoryStore.scopeFilter(q, scope, "g.domainId");
        q.append("order by g.name, g.id");
        return q.query(store.em, EduGroupEntity.class, 0, Paging.MAX_MAX).getResultStream().map(this::toRep).toList();
    }

    public void addMember(Caller caller, String groupId, String userId) {
        group(groupId);
        store.user(userId);
        if (store.em.find(EduGroupMemberEntity.class, new EduGroupMemberEntity.Key(groupId, userId)) != null) {
            throw ApiError.conflict("userId", "User is already a member of the group");
        }
        EduGroupMemberEntity m = new EduGroupMemberEntity();
        m.setGroupId(groupId);
        m.setUserId(userId);
        store.em.persist(m);
        store.flush("userId");
        store.audit(caller, "GROUP_MEMBER_ADD", "group", groupId, b -> b.change("member", null, userId));
    }

    public void removeMember(Caller caller, String groupId, String userId) {
        group(groupId);
        EduGroupMemberEntity m = store.em.find(EduGroupMemberEntity.class, new EduGroupMemberEntity.Key(groupId, userId));
        if (m == null) {
            throw ApiError.notFound("Group member", userId);
        }
        store.em.remove(m);
        store.em.flush();
        store.audit(caller, "GROUP_MEMBER_REMOVE", "group", groupId, b -> b.change("member", userId, null));
    }

    private GroupRep toRep(EduGroupEntity g) {
        GroupRep r = new GroupRep();
        r.id = g.getId();
        r.name = g.getName();
        r.domainId = g.getDomainId();
        r.description = g.getDescription();
        EduDomainEntity d = store.em.find(EduDomainEntity.class, g.getDomainId());
        if (d != null) {
            r.domainIdentifier = d.getIdentifier();
            r.domainType = types.code(d.getTypeId());
        }
        return r;
    }
}
