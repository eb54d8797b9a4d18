package org.kcedu.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.kcedu.core.BearerAuth;
import org.kcedu.core.Caller;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.RealmRoleAccessPolicy;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.BulkService;
import org.kcedu.directory.Directory;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.directory.model.RoleRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * {@code GET /kc-edu/me}: who the caller is for kc-edu, their administrative assignments and scope, what the console
 * may offer them ({@link Capabilities}) and how much their scope holds ({@link ScopeCounts}). Any authenticated user
 * may ask: it describes only the caller (a user without kc-edu rights gets false everywhere and zero counts).
 */
public class MeResource {

    /** The most top domains listed for a realm-level caller; the tree pages on from there. */
    static final int MAX_ROOTS = 100;

    private final KeycloakSession session;

    public MeResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> me() {
        Caller caller = BearerAuth.authenticate(session);
        Authorization authz = new Authorization(session, caller);
        Scope scope = authz.scope();
        Directory ds = new Directory(session, caller.realm());
        List<RoleRep> roles = ds.roles().list();

        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", user(caller.user()));
        me.put("realm", caller.realm().getName());
        me.put("realmAdmin", caller.hasRealmRole(RealmRoleAccessPolicy.ADMIN));
        me.put("viewer", caller.hasRealmRole(RealmRoleAccessPolicy.VIEWER));
        me.put("adminAssignments", adminAssignments(ds, caller, roles));
        me.put("scopeRoots", scopeRoots(ds, scope));
        me.put("can", can(new Capabilities(authz.policy(), caller), roles));
        ScopeCounts.Counts n = new ScopeCounts(session, caller.realm()).of(scope);
        me.put("counts", Map.of("domains", n.domains(), "users", n.users(), "assignments", n.assignments()));
        return me;
    }

    private static Map<String, Object> user(UserModel u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.getId());
        m.put("username", u.getUsername());
        m.put("email", u.getEmail());
        m.put("firstName", u.getFirstName());
        m.put("lastName", u.getLastName());
        return m;
    }

    /** The caller's own active assignments of administrative roles: where their power comes from. */
    private static List<AssignmentRep> adminAssignments(Directory ds, Caller caller, List<RoleRep> roles) {
        Set<String> adminRoles = roles.stream().filter(r -> Boolean.TRUE.equals(r.administrative)).map(r -> r.id)
                .collect(Collectors.toSet());
        return ds.assignments().ofHolder(caller.userId(), null, Scope.unrestrictedScope(), 0, 1000).stream()
                .filter(a -> Boolean.TRUE.equals(a.active) && adminRoles.contains(a.roleId)).toList();
    }

    /** The tops of the caller's trees: the realm's top domains, or the admin roots not below another admin root. */
    private static List<DomainRep> scopeRoots(Directory ds, Scope scope) {
        if (scope.isEmpty()) {
            return List.of();
        }
        if (scope.unrestricted()) {
            return ds.domains().roots(0, MAX_ROOTS);
        }
        Set<String> ids = scope.rootDomainIds();
        return ids.stream()
                .filter(id -> ds.domains().ancestors(id).stream().noneMatch(a -> ids.contains(a.id)))
                .map(ds.domains()::get).toList();
    }

    private Map<String, Object> can(Capabilities c, List<RoleRep> roles) {
        boolean manageDomains = c.manageDomains();
        boolean manageGroups = c.manageGroups();
        boolean grant = c.grant(roles);
        BulkService bulk = session.getProvider(BulkService.class);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manageDomains", manageDomains);
        m.put("manageCatalogue", c.manageCatalogue());
        m.put("manageUsers", c.manageUsers());
        m.put("manageGroups", manageGroups);
        m.put("grant", grant);
        m.put("bulkImport", c.bulkImport(bulk, grant, manageDomains, manageGroups));
        m.put("bulkExport", c.bulkExport(bulk));
        m.put("readAudit", c.readAudit());
        m.put("readReports", c.readReports());
        m.put("manageSelfRegistration", c.manageSelfRegistration());
        return m;
    }
}
