package org.kcedu.bulk.directory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.kcedu.authz.Scope;
import org.kcedu.bulk.BulkBatch;
import org.kcedu.bulk.BulkCells;
import org.kcedu.bulk.KindHandler;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.kcedu.directory.model.DomainTypeRep;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Base of the directory file kinds (domains, subjects, roles, assignments, group memberships). Reads for planning
 * are set-based queries per batch; every write goes through {@link Directory} (the REST API's mutation path),
 * which validates again and records the audit event, tagged with the job and line (entry point BULK).
 */
abstract class DirectoryHandler extends KindHandler {

    static final int EXPORT_PAGE = 1000;

    DirectoryHandler(String kind, HeaderSchema schema) {
        super(kind, schema);
    }

    /**
     * Any directory reader may export a directory kind: domains, assignments and group memberships are limited to
     * the caller's scope; subjects and roles are realm-wide vocabulary every admin can list through the REST API.
     */
    @Override
    public boolean scopedExport() {
        return true;
    }

    /** Writes the header, then (unless the scope sees nothing) the rows of {@link #exportRows}. */
    @Override
    public final void export(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        out.header(schema().exportOrder());
        if (!scope.isEmpty()) {
            exportRows(factory, realmId, scope, out);
        }
    }

    /** Streams the records visible in {@code scope} (not empty) in {@code schema().exportOrder()}. */
    abstract void exportRows(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException;

    @Override
    public boolean recordsAudit() {
        return true;
    }

    @Override
    public final String apply(BulkBatch batch, RowPlan plan) {
        return write(batch.directory(plan.row().line()), batch.caller(), plan);
    }

    /** Writes one plan through the directory service (audited by it). */
    abstract String write(Directory directory, Caller caller, RowPlan plan);

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The realm's domain types by code (creating the built-in ones on first use, as the REST API does). */
    static Map<String, DomainTypeRep> typesByCode(KeycloakSession session, RealmModel realm) {
        Map<String, DomainTypeRep> byCode = new HashMap<>();
        new Directory(session, realm).domainTypes().list().forEach(t -> byCode.put(t.code, t));
        return byCode;
    }

    static Map<String, String> typeCodesById(Collection<DomainTypeRep> types) {
        Map<String, String> byId = new HashMap<>();
        types.forEach(t -> byId.put(t.id, t.code));
        return byId;
    }

    /** One domain as planning needs it. */
    record DomainRow(String id, String typeId, String type, String identifier, String name, String ncesId,
                     String parentId, boolean active) {
    }

    /** Domains with any of these identifiers (one query), by {@link DomainKey} text. */
    static Map<String, DomainRow> domainsByKey(EntityManager em, String realmId, Collection<String> identifiers,
                                               Map<String, String> typeCodeById) {
        Map<String, DomainRow> out = new HashMap<>();
        if (identifiers.isEmpty()) {
            return out;
        }
        for (Object[] r : em.createQuery("select d.id, d.typeId, d.identifier, d.name, d.ncesId, d.parentId, d.active"
                        + " from EduDomainEntity d where d.realmId = :realm and d.identifier in :idents", Object[].class)
                .setParameter("realm", realmId).setParameter("idents", identifiers).getResultList()) {
            String type = typeCodeById.get((String) r[1]);
            DomainRow d = new DomainRow((String) r[0], (String) r[1], type, (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], (Boolean) r[6]);
            out.put(DomainKey.format(type, d.identifier()), d);
        }
        return out;
    }

    /** The users (id by lowercase username) and domains (by key) the rows of a batch name: two queries. */
    record Referenced(Map<String, String> users, Map<String, DomainRow> domains) {
    }

    static Referenced referenced(KeycloakSession session, RealmModel realm, List<CsvRow> rows, String usernameColumn,
                                 String identifierColumn) {
        Set<String> usernames = new HashSet<>();
        Set<String> identifiers = new HashSet<>();
        for (CsvRow row : rows) {
            usernames.add(BulkCells.lower(row.get(usernameColumn)));
            identifiers.add(row.get(identifierColumn));
        }
        EntityManager em = em(session);
        return new Referenced(userIdsByUsername(em, realm.getId(), usernames), domainsByKey(em, realm.getId(),
                identifiers, typeCodesById(typesByCode(session, realm).values())));
    }

    /** User ids by (lowercase) username, one query. */
    static Map<String, String> userIdsByUsername(EntityManager em, String realmId, Collection<String> usernames) {
        Map<String, String> out = new HashMap<>();
        if (usernames.isEmpty()) {
            return out;
        }
        for (Object[] r : em.createQuery("select u.username, u.id from UserEntity u where u.realmId = :realm"
                        + " and u.username in :names", Object[].class)
                .setParameter("realm", realmId).setParameter("names", usernames).getResultList()) {
            out.put((String) r[0], (String) r[1]);
        }
        return out;
    }

    /** JPQL condition: the domain in column {@code domainColumn} lies in one of the scope's subtrees. */
    static String inScope(String domainColumn) {
        return "exists (select 1 from EduDomainClosureEntity sc where sc.descendantId = " + domainColumn
                + " and sc.ancestorId in :scopeRoots)";
    }

    /** Counts grouped by the first selected column, for the given ids (one query). */
    static Map<String, Long> countBy(EntityManager em, String jpql, Collection<String> ids) {
        Map<String, Long> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Object[] r : em.createQuery(jpql, Object[].class).setParameter("ids", ids).getResultList()) {
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }

    /**
     * Streams an export with keyset paging: {@code page} returns up to {@link #EXPORT_PAGE} rows ordered by the key
     * at {@code keyIndex}, strictly after the given key ({@code ""} first), each in its own short transaction.
     * Returns the number of rows written.
     */
    static long exportKeyset(KeycloakSessionFactory factory, BulkRowWriter out,
                             BiFunction<EntityManager, String, List<Object[]>> page, int keyIndex,
                             Function<Object[], List<String>> cells) throws IOException {
        String after = "";
        long total = 0;
        while (true) {
            String from = after;
            List<Object[]> rows = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> new ArrayList<>(page.apply(em(s), from)));
            for (Object[] r : rows) {
                out.row(cells.apply(r));
            }
            out.flush();
            total += rows.size();
            if (rows.size() < EXPORT_PAGE) {
                return total;
            }
            after = (String) rows.get(rows.size() - 1)[keyIndex];
        }
    }
}
