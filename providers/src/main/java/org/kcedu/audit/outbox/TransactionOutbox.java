package org.kcedu.audit.outbox;

import java.util.ArrayList;
import java.util.List;

import org.kcedu.core.AuditEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The audit records of one Keycloak transaction. They are collected while the change runs, written to the outbox
 * with one multi-row INSERT in Keycloak's prepare phase (the same database transaction, just before it commits), and
 * handed to the sender only after the commit; a rollback discards them with the change. A bulk batch of 1,000 rows
 * thus costs one INSERT statement per 200 records instead of 1,000 round trips.
 */
public final class TransactionOutbox {

    private static final String ATTRIBUTE = TransactionOutbox.class.getName();

    private final List<AuditEvent> events = new ArrayList<>();
    private boolean written;

    private TransactionOutbox() {
    }

    /** Records a successful change's event in the session's active transaction. */
    public static void record(KeycloakSession session, AuditEvent event, String node, OutboxDispatcher dispatcher) {
        TransactionOutbox outbox = session.getAttribute(ATTRIBUTE, TransactionOutbox.class);
        if (outbox == null) {
            outbox = enlist(session, node, dispatcher);
        }
        if (outbox.written) {
            // recorded after the prepare phase (e.g. by another participant's commit): its own transaction, at once
            recordAlone(session, event, node, dispatcher);
            return;
        }
        outbox.events.add(event);
    }

    /** An event that has no transaction of its own to join (denials, or recorded outside a request transaction). */
    public static void recordAlone(KeycloakSession session, AuditEvent event, String node, OutboxDispatcher dispatcher) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                s -> OutboxStore.insertAll(s, List.of(event), node));
        dispatcher.offer(event);
    }

    private static TransactionOutbox enlist(KeycloakSession session, String node, OutboxDispatcher dispatcher) {
        TransactionOutbox outbox = new TransactionOutbox();
        session.setAttribute(ATTRIBUTE, outbox);
        KeycloakTransactionManager tm = session.getTransactionManager();
        tm.enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                outbox.written = true;
                if (!outbox.events.isEmpty()) {
                    OutboxStore.insertAll(session, outbox.events, node);
                }
            }

            @Override
            protected void rollbackImpl() {
                outbox.events.clear();
            }
        });
        tm.enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.removeAttribute(ATTRIBUTE);
                outbox.events.forEach(dispatcher::offer);
            }

            @Override
            protected void rollbackImpl() {
                session.removeAttribute(ATTRIBUTE); // the change did not happen, so neither did its audit records
            }
        });
        return outbox;
    }
}
