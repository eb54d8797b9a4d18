package org.kcedu.bulk;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.core.Caller;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * One bulk file kind (users, domains, roles, subjects, role assignments, group memberships). The engine owns
 * streaming, batching, transactions, duplicate detection, authorization, audit, counting and the error report;
 * a handler only knows its columns and how to compare and write its records, a batch at a time.
 */
public interface EntityHandler {

    /** The {entity} path segment, e.g. {@code users}. */
    String kind();

    HeaderSchema schema();

    /**
     * Keys this row claims inside the file, each prefixed by its kind (e.g. {@code username:ann},
     * {@code email:ann@x.org}); two rows claiming the same key are both rejected as duplicates.
     */
    List<String> claimedKeys(CsvRow row);

    /** Checks types and syntax of one row without touching the database; {@code null} when valid. */
    String validate(CsvRow row);

    /**
     * Decides every row of a batch against the current state, with a constant number of queries per batch
     * (set-based lookups), never one per row. Returns one plan per row, in order.
     */
    List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows);

    /**
     * {@link #plan(KeycloakSession, RealmModel, List)} with the job's memory: a map that lives as long as the job runs
     * (all its batches), where a handler may remember what earlier batches created, e.g. so that a dry-run, which
     * writes nothing, still knows a parent created by an earlier batch.
     */
    default List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows,
                               Map<String, Object> jobMemory) {
        return plan(session, realm, rows);
    }

    /**
     * Asks THE access policy whether the importing admin may make this row's change: the same question the REST
     * resource of this kind asks (called for every writing row, in dry-run too).
     */
    Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan);

    /**
     * A row that changes nothing is still about a target: the question of {@link #authorize} for it, so that "unchanged"
     * is never the answer for something the caller may not see (default: nothing to hide).
     */
    default Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        return Decision.allow();
    }

    /** Writes one plan inside the batch transaction; returns the target id (the new id for a create). */
    String apply(BulkBatch batch, RowPlan plan);

    /**
     * True when {@link #apply} records the row's audit event itself (directory kinds write through
     * {@link org.kcedu.directory.Directory}, which audits every mutation); otherwise the engine records it.
     */
    default boolean recordsAudit() {
        return false;
    }

    /**
     * True when {@link #export} can limit itself to a delegated admin's {@link Scope}; otherwise exporting needs
     * a caller who reads everything (realm role kc-edu-admin or kc-edu-viewer).
     */
    default boolean scopedExport() {
        return false;
    }

    /**
     * True when the records of this kind lie in domains, so that an export can be limited to one domain's subtree
     * ({@code ?domain=TYPE:IDENTIFIER}): users (by the assignments they hold there), domains, assignments, group
     * memberships. Roles and subjects are realm-wide vocabulary.
     */
    default boolean filtersByDomain() {
        return false;
    }

    /**
     * Streams every record of the realm visible in {@code scope} in the import format, header included, paging
     * with its own short transactions so that memory and transaction time stay flat.
     */
    void export(KeycloakSessionFactory sessionFactory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException;
}
