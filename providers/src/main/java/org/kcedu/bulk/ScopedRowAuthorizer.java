package org.kcedu.bulk;

import java.util.Set;

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
 * <p>
 * Opacity (the REST rule "invisible answers like absent"): a row about something the admin may not see, one about
 * something that does not exist and an unchanged row about either get the one neutral refusal {@link Decision#hidden},
 * counted as rejected, so neither the message nor the counts tell them apart.
 */
public final class ScopedRowAuthorizer implements RowAuthorizer.Factory {

    /** Refusals that mean "outside your scope": to a row they are the neutral refusal. */
    private static final Set<String> OUT_OF_SCOPE = Set.of("user_out_of_scope", "grant_out_of_scope",
            "domain_out_of_scope", "group_out_of_scope", "assignment_out_of_scope", Decision.HIDDEN);

    @Override
    public RowAuthorizer forBatch(KeycloakSession session, RealmModel realm, BulkActor actor, EntityHandler handler) {
        UserModel user = session.users().getUserById(realm, actor.userId());
        if (user == null || !user.isEnabled()) {
            return plan -> RowAuthorizer.Decision.deny("the importing user no longer exists or is disabled");
        }
        Caller caller = new Caller(realm, user, actor.clientId(), actor.ipAddress(), EntryPoint.BULK);
        AccessPolicy policy = Authorization.policyFor(session);
        boolean seesEverything = policy.scope(caller).unrestricted();
        return new RowAuthorizer() {
            @Override
            public RowAuthorizer.Decision authorize(RowPlan plan) {
                return toRow(handler.authorize(policy, caller, plan));
            }

            @Override
            public RowAuthorizer.Decision authorizeUnchanged(RowPlan plan) {
                return toRow(handler.authorizeUnchanged(policy, caller, plan));
            }

            @Override
            public RowAuthorizer.Decision absent(RowPlan plan) {
                return seesEverything ? RowAuthorizer.Decision.ALLOW : toRow(org.kcedu.authz.Decision.hidden());
            }
        };
    }

    private static RowAuthorizer.Decision toRow(Decision d) {
        if (d.allowed()) {
            return RowAuthorizer.Decision.ALLOW;
        }
        if (OUT_OF_SCOPE.contains(d.reasonCode())) {
            Decision h = Decision.hidden();
            return RowAuthorizer.Decision.hidden(h.reasonCode() + ": " + h.message());
        }
        return RowAuthorizer.Decision.deny(d.reasonCode() + ": " + d.message());
    }
}
