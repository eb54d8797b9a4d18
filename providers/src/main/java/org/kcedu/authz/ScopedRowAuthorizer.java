package org.kcedu.authz;

import java.util.Set;

import org.kcedu.api.Caller;
import org.kcedu.audit.EntryPoint;
import org.kcedu.bulk.BulkActor;
import org.kcedu.bulk.RowAuthorizer;
import org.kcedu.bulk.RowPlan;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Bulk import rows obey exactly the REST rules: each row is asked of the same {@link AccessPolicy}, including the
 * hijack-safe e-mail rule (§5.2.2.1: "This prohibition MUST also apply to API access and bulk uploads").
 * The importing admin is re-read per batch, so revoking their admin role stops a running job at the next batch.
 */
public final class ScopedRowAuthorizer implements RowAuthorizer.Factory {

    /** Column names of the users file whose change is an account-level action (login identifiers, enabled). */
    private static final Set<String> LOGIN_IDENTIFIERS = Set.of("email", "username");
    private static final String ENABLED = "enabled";

    @Override
    public RowAuthorizer forBatch(KeycloakSession session, RealmModel realm, BulkActor actor) {
        UserModel user = session.users().getUserById(realm, actor.userId());
        if (user == null || !user.isEnabled()) {
            return plan -> RowAuthorizer.Decision.deny("the importing user no longer exists or is disabled");
        }
        Caller caller = new Caller(realm, user, actor.clientId(), actor.ipAddress(), EntryPoint.BULK);
        AccessPolicy policy = Authorization.policyFor(session);
        return plan -> toRow(decide(policy, caller, plan));
    }

    private static Decision decide(AccessPolicy policy, Caller caller, RowPlan plan) {
        String target = plan.targetId();
        return switch (plan.kind()) {
            case CREATE -> policy.canCreateUnassignedUser(caller);
            case DELETE -> policy.canManageUser(caller, target);
            case UPDATE -> {
                if (plan.changes().keySet().stream().anyMatch(LOGIN_IDENTIFIERS::contains)) {
                    Decision d = policy.canChangeEmail(caller, target);
                    if (!d.allowed()) {
                        yield d;
                    }
                }
                if (plan.changes().containsKey(ENABLED)) {
                    Decision d = policy.canManageUser(caller, target);
                    if (!d.allowed()) {
                        yield d;
                    }
                }
                yield policy.canUpdateUserNames(caller, target);
            }
            default -> Decision.allow();
        };
    }

    private static RowAuthorizer.Decision toRow(Decision d) {
        return d.allowed() ? RowAuthorizer.Decision.ALLOW : RowAuthorizer.Decision.deny(d.reasonCode() + ": " + d.message());
    }
}
