package org.kcedu.authz;

import java.util.function.Function;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.audit.AuditTrail;
import org.keycloak.models.KeycloakSession;

/**
 * What resources call before acting: asks the {@link AccessPolicy}, and on denial records one ACCESS_DENIED audit
 * event and throws 403. Swap the policy in {@link #policyFor} (issue 5) without touching resources.
 */
public final class Authorization {

    private final KeycloakSession session;
    private final Caller caller;
    private final AccessPolicy policy;

    public Authorization(KeycloakSession session, Caller caller) {
        this(session, caller, policyFor(session));
    }

    public Authorization(KeycloakSession session, Caller caller, AccessPolicy policy) {
        this.session = session;
        this.caller = caller;
        this.policy = policy;
    }

    /** The realm's policy. The one place delegated administration plugs in. */
    public static AccessPolicy policyFor(KeycloakSession session) {
        return new ScopedAccessPolicy(session);
    }

    public Caller caller() {
        return caller;
    }

    public AccessPolicy policy() {
        return policy;
    }

    public Scope scope() {
        return policy.scope(caller);
    }

    /** The caller's scope narrowed to the subtree under {@code domainId} (see {@link Scope#within}). */
    public Scope scopeWithin(String domainId) {
        ScopeQueries queries = new ScopeQueries(session);
        return scope().within(domainId, (d, root) -> queries.within(d, root, 0));
    }

    /**
     * Throws 403 (after auditing) unless the policy allows. {@code action} is what was attempted (e.g. ROLE_GRANT),
     * recorded as the denied event's reason prefix; {@code targetType}/{@code targetId} name the target.
     */
    public void require(Function<AccessPolicy, Decision> question, String action, String targetType, String targetId) {
        Decision d = question.apply(policy);
        if (d.allowed()) {
            return;
        }
        AuditTrail.record(session, caller.audit("ACCESS_DENIED").target(targetType, targetId)
                .change("attemptedAction", null, action)
                .denied(d.reasonCode()).build());
        throw ApiError.forbidden(d.reasonCode(), d.message());
    }

    public void read() {
        require(p -> p.canReadDirectory(caller), "READ", "directory", null);
    }
}
