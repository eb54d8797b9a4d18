package org.kcedu.bulk;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Interim rule until delegated administration lands: the actor must still hold the realm role
 * {@value #ADMIN_ROLE} (checked once per batch, so revoking the role stops a running job at the next batch).
 * Every row is then allowed, including e-mail changes.
 */
public final class AdminRoleRowAuthorizer implements RowAuthorizer.Factory {

    public static final String ADMIN_ROLE = "kc-edu-admin";

    @Override
    public RowAuthorizer forBatch(KeycloakSession session, RealmModel realm, BulkActor actor) {
        UserModel user = session.users().getUserById(realm, actor.userId());
        RoleModel role = realm.getRole(ADMIN_ROLE);
        boolean admin = user != null && user.isEnabled() && role != null && user.hasRole(role);
        if (!admin) {
            return plan -> RowAuthorizer.Decision.deny("the importing user no longer holds realm role " + ADMIN_ROLE);
        }
        // DELEGATED-ADMIN HOOK: per-row admin scope goes here, and for plan.emailChange() the hijack-safe e-mail
        // rule (an admin may only set an e-mail no other account could claim). Today: realm admin may do all.
        return plan -> RowAuthorizer.Decision.ALLOW;
    }
}
