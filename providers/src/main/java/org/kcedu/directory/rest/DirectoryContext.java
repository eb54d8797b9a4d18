package org.kcedu.directory.rest;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Target;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.keycloak.models.KeycloakSession;

/** What every directory resource needs for one request: the authenticated caller, authorization and the directory. */
final class DirectoryContext {

    final KeycloakSession session;
    final Caller caller;
    final Authorization authz;
    final Directory directory;

    DirectoryContext(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
        this.authz = new Authorization(session, caller);
        this.directory = Directory.of(session);
    }

    void require(java.util.function.BiFunction<AccessPolicy, Caller, Decision> q, String action, String type, String id) {
        authz.require(p -> q.apply(p, caller), action, type, id);
    }

    /** Step 3 of the order of checks ({@link Authorization}): invisible answers exactly like absent. */
    void see(Target target, String id) {
        authz.see(target, id);
    }

    /**
     * The id of a domain a body names by id or by type + identifier (400 naming {@code field} when unknown); one the
     * caller may not name is answered exactly the same ({@link Authorization#seeNamedDomain}).
     */
    String namedDomain(String id, String type, String identifier, String field) {
        boolean byId = id != null && !id.isBlank();
        if (!byId && (identifier == null || identifier.isBlank())) {
            return null;
        }
        String ref = byId ? id : DomainKey.format(type == null ? "" : type.trim().toUpperCase(java.util.Locale.ROOT),
                identifier.trim());
        String domainId = directory.domains().idOf(byId ? id : null, byId ? null : ref, field);
        authz.seeNamedDomain(domainId, () -> org.kcedu.core.ApiError.badRequest(field, "Unknown domain " + ref));
        return domainId;
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

    Response writeNoContent(Runnable mutation) {
        write(() -> {
            mutation.run();
            return null;
        });
        return Response.noContent().build();
    }

    static Response created(String id, Object body) {
        return Response.status(Response.Status.CREATED).header("Location", id).entity(body).build();
    }

    /** The header giving a list's total (all pages, scoped like the list). */
    static final String TOTAL = "X-Total-Count";

    /** A page of a list with its total (one count query with the list's own conditions) in {@link #TOTAL}. */
    static Response page(java.util.List<?> page, java.util.function.LongSupplier total) {
        return Response.ok(page).header(TOTAL, total.getAsLong()).build();
    }
}
