package org.kcedu.core;

import java.util.Set;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Who is calling kc-edu, established once per request from a bearer token of the same realm.
 * {@code user} is the token's subject (a service account's user for client-credentials tokens).
 */
public record Caller(RealmModel realm, UserModel user, String clientId, String ipAddress, EntryPoint entryPoint) {

    /** Client id of kc-edu's own admin web UI: its calls are audited as entry point UI, all others as API. */
    public static final String ADMIN_UI_CLIENT_ID = "kc-edu-admin-ui";

    /** Null for an anonymous self-service caller (a registration, before the account exists). */
    public String userId() {
        return user == null ? null : user.getId();
    }

    public String username() {
        return user == null ? null : user.getUsername();
    }

    public boolean hasRealmRole(String roleName) {
        if (user == null) {
            return false;
        }
        var role = realm.getRole(roleName);
        return role != null && user.hasRole(role);
    }

    public Set<String> realmRoleNames() {
        return user.getRealmRoleMappingsStream().map(r -> r.getName()).collect(java.util.stream.Collectors.toSet());
    }

    /** An audit event pre-filled with this caller as actor. */
    public AuditEvent.Builder audit(String action) {
        return AuditEvent.builder(entryPoint, action)
                .realm(realm.getId(), realm.getName())
                .actor(userId(), username(), clientId, ipAddress);
    }
}
