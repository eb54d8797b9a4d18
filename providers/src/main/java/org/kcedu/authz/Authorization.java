package org.kcedu.authz;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.WebApplicationException;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.audit.AuditTrail;
import org.keycloak.models.KeycloakSession;

/**
 * What resources call before acting: asks the {@link AccessPolicy}, and on denial records one ACCESS_DENIED audit
 * event and throws. Swap the policy in {@link #policyFor} (issue 5) without touching resources.
 * <p>
 * THE ORDER OF CHECKS of every kc-edu route (docs/delegated-administration.md, "Opacity"), the same for every method:
 * <ol>
 * <li>the token: meant for kc-edu, valid, of an enabled user ({@code BearerAuth}: 401);</li>
 * <li>the caller: an administrator at all ({@link #read}: 403; it is about the caller and reveals nothing about
 * targets);</li>
 * <li>visibility: the route's target and every user, domain, group or assignment the request names must be visible
 * to the caller ({@link #see}, {@link #seeReferenced}); otherwise the answer is exactly the one for an id that does not
 * exist, whatever the rest of the request says;</li>
 * <li>validation of the request (400 naming the field), including fields the route would ignore;</li>
 * <li>the permission for the change ({@link #require}: 403 with a reason; the caller sees the target, so the reason
 * reveals nothing they cannot read);</li>
 * <li>"nothing to change": 200 with the current state.</li>
 * </ol>
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

    /**
     * Step 3 of the order of checks for the route's own target: when the caller may not see {@code id} (or it does
     * not exist), answers exactly what the directory answers for an id that does not exist (404, "User x does not
     * exist"), after auditing the refusal with the same reason either way.
     */
    public void see(Target target, String id) {
        see(target, id, () -> ApiError.notFound(target.label(), id));
    }

    /** {@link #see} where the route's "does not exist" answer is another one (e.g. a domain named by type:identifier). */
    public void see(Target target, String id, Supplier<WebApplicationException> absent) {
        read();
        Decision d = visibility(target, id);
        if (d.allowed()) {
            return;
        }
        AuditTrail.record(session, caller.audit("ACCESS_DENIED").target(target.auditType(), id)
                .change("attemptedAction", null, "READ").denied(d.reasonCode()).build());
        throw absent.get();
    }

    /**
     * Step 3 for a user, domain or group a request BODY names (field {@code field}): one the caller may not see is
     * answered like an unknown reference, 400 "Unknown user x" naming the field.
     */
    public void seeReferenced(Target target, String id, String field) {
        see(target, id, () -> ApiError.badRequest(field, "Unknown " + target.noun() + " " + id));
    }

    /**
     * Step 3 for a domain a request body names as a place (a grant's domain, a new domain's parent, a group's domain):
     * the caller may name domains in or above their subtrees (they see those as ancestors); any other one is answered
     * like an unknown domain.
     */
    public void seeNamedDomain(String domainId, Supplier<WebApplicationException> absent) {
        read();
        if (scope().unrestricted() || !scopeWithin(domainId).isEmpty()) {
            return;
        }
        AuditTrail.record(session, caller.audit("ACCESS_DENIED").target("domain", domainId)
                .change("attemptedAction", null, "READ").denied("domain_out_of_scope").build());
        throw absent.get();
    }

    /** May the caller see this target at all (whatever they may do with it)? */
    public boolean sees(Target target, String id) {
        return visibility(target, id).allowed();
    }

    private Decision visibility(Target target, String id) {
        if (id == null) {
            return Decision.deny("not_found", "no id");
        }
        return switch (target) {
            case USER -> policy.canViewUser(caller, id);
            case DOMAIN -> policy.canViewDomain(caller, id);
            case GROUP -> policy.canViewGroup(caller, id);
            case ASSIGNMENT -> policy.canViewAssignment(caller, id);
        };
    }

    public void read() {
        require(p -> p.canReadDirectory(caller), "READ", "directory", null);
    }
}
