package org.kcedu.directory;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import org.kcedu.audit.AuditTrail;
import org.kcedu.authz.Scope;
import org.kcedu.core.ApiError;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The rule every directory aggregate follows, in one place: look up inside the realm (404 or 400 naming the field),
 * validate, write, flush so conflicts become 409 before anything else happens, and record exactly one audit event
 * per mutation (tagged with the bulk job and line when a bulk row is being written). The aggregates of one
 * {@link Directory} share one store, so the bulk tag set on it applies to whichever aggregate writes.
 */
final class DirectoryStore {

    final KeycloakSession session;
    final RealmModel realm;
    final EntityManager em;
    private String bulkJobId;
    private long bulkLine;

    DirectoryStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    void bulkRow(String jobId, long line) {
        this.bulkJobId = jobId;
        this.bulkLine = line;
    }

    /** The entity with this id when it belongs to the realm, else null (another realm's row does not exist here). */
    <T> T find(Class<T> type, String id, Function<T, String> realmIdOf) {
        T e = id == null ? null : em.find(type, id);
        return e == null || !realmIdOf.apply(e).equals(realm.getId()) ? null : e;
    }

    /** {@link #find}, or 404 naming {@code what}. */
    <T> T findOr404(Class<T> type, String id, Function<T, String> realmIdOf, String what) {
        T e = find(type, id, realmIdOf);
        if (e == null) {
            throw ApiError.notFound(what, id);
        }
        return e;
    }

    /** The Keycloak user with this id in the realm, or 404. */
    UserModel user(String id) {
        UserModel u = id == null ? null : session.users().getUserById(realm, id);
        if (u == null) {
            throw ApiError.notFound("User", id);
        }
        return u;
    }

    /** Flushes now so constraint and version conflicts become 409 here instead of a 500 at commit. */
    void flush(String field) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw ApiError.conflict("version", "Changed by someone else meanwhile; reload and retry");
        } catch (PersistenceException e) {
            throw conflict(field, e);
        }
    }

    /**
     * The 409 for a constraint a concurrent request won: the NCES id's own field and message when the database names
     * its constraint (PostgreSQL, MariaDB and H2 all put the constraint's name in the message), else {@code field}.
     */
    static jakarta.ws.rs.WebApplicationException conflict(String field, PersistenceException e) {
        String root = rootMessage(e);
        if (root != null && root.toUpperCase(java.util.Locale.ROOT).contains("UK_EDU_DOMAIN_NCES")) {
            return ApiError.conflict("ncesId", "This NCES id is already used by another domain of the realm");
        }
        return ApiError.conflict(field, "Conflicts with existing data: " + root);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    /** The one audit event of a mutation; a null caller is the system (e.g. the purge task). */
    void audit(Caller caller, String action, String targetType, String targetId, Consumer<AuditEvent.Builder> changes) {
        AuditEvent.Builder b = caller != null ? caller.audit(action)
                : AuditEvent.builder(EntryPoint.SYSTEM, action).realm(realm.getId(), realm.getName());
        b.target(targetType, targetId);
        if (bulkJobId != null) {
            b.bulk(bulkJobId, bulkLine);
        }
        changes.accept(b);
        AuditTrail.record(session, b.build());
    }

    long count(String jpql, String id) {
        return ((Number) em.createQuery(jpql).setParameter("id", id).getSingleResult()).longValue();
    }

    void exec(String sql, String param) {
        em.createNativeQuery(sql).setParameter(1, param).executeUpdate();
    }

    /** Limits a query to rows whose domain column lies in one of the scope's subtrees (closure join in SQL). */
    static void scopeFilter(Jpql q, Scope scope, String domainColumn) {
        if (!scope.unrestricted()) {
            q.and("exists (select 1 from EduDomainClosureEntity sc where sc.descendantId = " + domainColumn
                    + " and sc.ancestorId in :scopeRoots)", "scopeRoots", scope.rootDomainIds());
        }
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (value.length() > 255) {
            throw ApiError.badRequest(field, field + " is longer than 255 characters");
        }
        return value.trim();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A LIKE prefix pattern with the wildcards of {@code s} escaped. */
    static String prefix(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static String sorted(Collection<String> c) {
        return c.stream().sorted().reduce((a, b) -> a + "," + b).orElse("");
    }
}
