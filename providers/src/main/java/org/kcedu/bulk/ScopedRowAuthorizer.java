package org.kcedu.bulk;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Decision;
import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Bulk import rows obey exactly the REST rules: each row is asked of the same {@link AccessPolicy}, with the
 * question the file kind's {@link EntityHandler#authorize} names (the one its REST resource asks), including the
 * hijack-safe e-mail rule (§5.2.2.1: "This prohibition MUST also apply to API access and bulk uploads").
 * The importing admin is re-read per batch, so revoking their admin role stops a running job at the next batch.
 */
public final class ScopedRowAuthorizer implements RowAuthorizer.Factory {

    @Override
    public RowAuthorizer forBatch(KeycloakSession session, RealmModel realm, BulkActor actor, EntityHandler handler) {
        UserModel user = session.users().getUserById(realm, actor.userId());
        if (user == null || !user.isEnabled()) {
            return plan -> RowAuthorizer.Decision.deny("the importing user no longer exists or is disabled");
        }
        Caller caller = new Caller(realm, user, actor.clientId(), actor.ipAddress(), EntryPoint.BULK);
        AccessPolicy policy = Authorization.policyFor(session);
        return plan -> toRow(handler.authorize(policy, caller, plan));
    }

    private static RowAuthorizer.Decision toRow(Decision d) {
        return d.allowed() ? RowAuthorizer.Decision.ALLOW : RowAuthorizer.Decision.deny(d.reasonCode() + ": " + d.message());
    }
}
