package org.kcedu.directory.rest;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Decision;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
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
}
