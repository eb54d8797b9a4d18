package org.kcedu.registration.rest;

import java.util.function.Supplier;

import org.kcedu.core.BearerAuth;
import org.kcedu.core.Caller;
import org.kcedu.authz.Authorization;
import org.keycloak.models.KeycloakSession;

/** One authenticated, authorized administration call on the realm's self-service configuration. */
final class SelfServiceAdmin {

    final KeycloakSession session;
    final Caller caller;

    private SelfServiceAdmin(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    /** 401 without a valid token; 403 (audited ACCESS_DENIED) for anybody but a realm administrator. */
    static SelfServiceAdmin require(KeycloakSession session, String action, String targetType, String targetId) {
        Caller caller = BearerAuth.authenticate(session);
        new Authorization(session, caller).require(p -> p.canConfigureSelfService(caller), action, targetType, targetId);
        return new SelfServiceAdmin(session, caller);
    }

    /** Runs a mutation; any failure marks the transaction rollback-only so nothing is half-written. */
    <T> T write(Supplier<T> mutation) {
        try {
            return mutation.get();
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }
}
