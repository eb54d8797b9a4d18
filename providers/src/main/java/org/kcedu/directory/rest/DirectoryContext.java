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

    /**
     * Sent as {@code true} with {@link #TOTAL} when the count stopped at its cap: there are more than
     * {@code X-Total-Count} matches (at least {@code X-Total-Count + 1}). Absent when the total is exact.
     */
    static final String TOTAL_CAPPED = "X-Total-Count-Capped";

    /** How many matches a capped total counts beyond the page's {@code first} by default: "1–20 of 10,000+". */
    static final long DEFAULT_COUNT_CAP = 10_000;

    /** {@code --spi-realm-restapi-extension--kc-edu--users-count-cap} ({@link DirectoryResources#configure}). */
    private static volatile long countCap = DEFAULT_COUNT_CAP;

    static void countCap(long cap) {
        countCap = Math.max(1, cap);
    }

    static long countCap() {
        return countCap;
    }

    /**
     * A page of a search with a capped total: {@link #TOTAL} is exact up to {@code first + cap} matches, else it is
     * {@code first + cap} and {@link #TOTAL_CAPPED} is {@code true} (cap: 10,000 unless configured, at least the
     * page size). {@code countUpTo.applyAsLong(n)}
     * must give {@code min(matches, n)} with the list's own conditions and scope.
     */
    static Response page(java.util.List<?> page, int first, int max, java.util.function.LongUnaryOperator countUpTo) {
        Total total = Total.of(first, max, page.size(), countCap, countUpTo);
        Response.ResponseBuilder r = Response.ok(page).header(TOTAL, total.value());
        if (total.capped()) {
            r.header(TOTAL_CAPPED, "true");
        }
        return r.build();
    }

    /** A list's total as sent: {@code value}, and {@code capped} when there are more than {@code value}. */
    record Total(long value, boolean capped) {

        /**
         * A page that is not full (or an empty first page) is the end of the list: its total is known without a
         * query. Otherwise one count of at most {@code first + cap + 1} rows: more than {@code first + cap} is
         * reported as {@code first + cap}, capped. A cap below the page size counts as the page size (a total is
         * never below the rows shown).
         */
        static Total of(int first, int max, int pageSize, long cap, java.util.function.LongUnaryOperator countUpTo) {
            if ((pageSize > 0 && pageSize < max) || (pageSize == 0 && first == 0)) {
                return new Total(first + (long) pageSize, false);
            }
            long limit = first + Math.max(cap, max);
            long n = countUpTo.applyAsLong(limit + 1);
            return n > limit ? new Total(limit, true) : new Total(n, false);
        }
    }
}
