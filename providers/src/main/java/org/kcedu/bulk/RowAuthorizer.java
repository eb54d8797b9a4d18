package org.kcedu.bulk;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Decides, per row, whether the importing actor may make that change. Called for every row that would write,
 * in dry-run too, so that a dry-run predicts refusals.
 * <p>
 * The implementation is {@link ScopedRowAuthorizer}: the delegated-admin policy of the REST API, asked the
 * question each kind's {@link EntityHandler#authorize} names (for users including the hijack-safe e-mail rule on
 * rows with {@link RowPlan#emailChange()}). It lives in bulk and asks authz, so that authz knows nothing of bulk.
 */
@FunctionalInterface
public interface RowAuthorizer {

    Decision authorize(RowPlan plan);

    record Decision(boolean allowed, String reason) {
        public static final Decision ALLOW = new Decision(true, null);

        public static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    /** Builds the authorizer for one batch, inside that batch's transaction (one lookup of the actor per batch). */
    @FunctionalInterface
    interface Factory {
        RowAuthorizer forBatch(KeycloakSession session, RealmModel realm, BulkActor actor, EntityHandler handler);
    }
}
