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

    /** A row that changes nothing: allowed unless it names something the importing actor may not see. */
    default Decision authorizeUnchanged(RowPlan plan) {
        return Decision.ALLOW;
    }

    /**
     * A row that names something absent ({@link RowPlan#absent()}): ALLOW (keep the row's own message or "unchanged")
     * for actors who see everything, else the same neutral refusal as for something outside their scope.
     */
    default Decision absent(RowPlan plan) {
        return Decision.ALLOW;
    }

    record Decision(boolean allowed, String reason, boolean hidden) {
        public static final Decision ALLOW = new Decision(true, null, false);

        public Decision(boolean allowed, String reason) {
            this(allowed, reason, false);
        }

        /** The neutral refusal for something the actor may not see (it must not be named anywhere). */
        public static Decision hidden(String reason) {
            return new Decision(false, reason, true);
        }

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
