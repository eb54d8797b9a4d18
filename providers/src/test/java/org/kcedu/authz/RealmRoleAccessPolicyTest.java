package org.kcedu.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** The interim policy: admin everything, viewer read-only, anybody else nothing. */
class RealmRoleAccessPolicyTest {

    private final RealmRoleAccessPolicy policy = new RealmRoleAccessPolicy();

    private static final List<Function<Caller, Decision>> WRITES = List.of(
            c -> new RealmRoleAccessPolicy().canManageDomain(c, null),
            c -> new RealmRoleAccessPolicy().canEditDomain(c, "d"),
            c -> new RealmRoleAccessPolicy().canManageVocabulary(c),
            c -> new RealmRoleAccessPolicy().canManageRoles(c),
            c -> new RealmRoleAccessPolicy().canCreateUser(c),
            c -> new RealmRoleAccessPolicy().canManageUser(c, "u"),
            c -> new RealmRoleAccessPolicy().canChangeEmail(c, "u"),
            c -> new RealmRoleAccessPolicy().canGrant(c, "r", "d", null),
            c -> new RealmRoleAccessPolicy().canRevoke(c, "a"),
            c -> new RealmRoleAccessPolicy().canManageGroup(c, "d"));

    private static final List<Function<Caller, Decision>> READS = List.of(
            c -> new RealmRoleAccessPolicy().canReadDirectory(c),
            c -> new RealmRoleAccessPolicy().canViewDomain(c, "d"),
            c -> new RealmRoleAccessPolicy().canViewUser(c, "u"));

    @Test
    void adminMayDoEverything() {
        Caller admin = caller(RealmRoleAccessPolicy.ADMIN);
        WRITES.forEach(q -> assertTrue(q.apply(admin).allowed()));
        READS.forEach(q -> assertTrue(q.apply(admin).allowed()));
        assertTrue(policy.scope(admin).unrestricted());
    }

    @Test
    void viewerReadsButNeverWrites() {
        Caller viewer = caller(RealmRoleAccessPolicy.VIEWER);
        READS.forEach(q -> assertTrue(q.apply(viewer).allowed()));
        for (Function<Caller, Decision> q : WRITES) {
            Decision d = q.apply(viewer);
            assertFalse(d.allowed());
            assertEquals("not_admin", d.reasonCode());
        }
        assertTrue(policy.scope(viewer).unrestricted());
    }

    @Test
    void anyoneElseGetsNothingAndAnEmptyScope() {
        Caller nobody = caller("offline_access");
        READS.forEach(q -> assertFalse(q.apply(nobody).allowed()));
        WRITES.forEach(q -> assertFalse(q.apply(nobody).allowed()));
        Scope s = policy.scope(nobody);
        assertFalse(s.unrestricted());
        assertTrue(s.isEmpty());
    }

    @Test
    void scopeOfRootsIsRestricted() {
        Scope s = Scope.of(List.of(new Scope.Root("d1", null), new Scope.Root("d2", "MATH")));
        assertFalse(s.unrestricted());
        assertFalse(s.isEmpty());
        assertEquals(Set.of("d1", "d2"), s.rootDomainIds());
    }

    private static Caller caller(String... roles) {
        Set<String> held = Set.of(roles);
        RealmModel realm = (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getRole" -> role((String) a[0]);
                    case "getId", "getName" -> "edu";
                    default -> null;
                });
        UserModel user = (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[]{UserModel.class},
                (p, m, a) -> switch (m.getName()) {
                    case "hasRole" -> held.contains(((RoleModel) a[0]).getName());
                    case "getId" -> "user-1";
                    default -> null;
                });
        return new Caller(realm, user, "client", "127.0.0.1", EntryPoint.API);
    }

    private static RoleModel role(String name) {
        return (RoleModel) Proxy.newProxyInstance(RoleModel.class.getClassLoader(), new Class<?>[]{RoleModel.class},
                (p, m, a) -> "getName".equals(m.getName()) ? name : null);
    }
}
