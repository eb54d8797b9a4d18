package org.kcedu.audit.outbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.kcedu.core.AuditEvent;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The single background sender of one Keycloak node. Request threads only {@link #offer} committed events into a
 * bounded queue (never blocking); this thread sends them in batches and marks their outbox rows delivered.
 * <p>
 * Whenever something goes wrong (queue full, receiver down, node restarted with undelivered rows, another node left
 * rows behind) it switches to backlog mode: it drops the queue (every queued event is a committed outbox row) and
 * sends undelivered rows from the database in sequence order until none is left, then returns to the queue.
 * A small memory of recently sent event ids keeps the switch back from sending an event twice.
 */
public final class OutboxDispatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
    private static final String ORPHAN_TASK = "kc-edu-audit-outbox-orphans";
    private static final int RECENT_IDS = 20_000;

    public record Settings(String node, int queueSize, int batchSize, Duration retryInterval, Duration staleAfter,
                           Duration orphanGrace, Duration backlogLogInterval, int retentionDays, Duration purgeInterval) {
    }

    private volatile KeycloakSessionFactory sessionFactory;
    private final AuditSink sink;
    private final Settings settings;
    private final BlockingQueue<AuditEvent> queue;
    private final Set<String> recentlySent = new LinkedHashSet<>();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean backlog = true; // a fresh node first looks for rows left by its previous life
    private volatile boolean running = true;
    private Thread thread;
    private long nextStaleCheck;
    private long nextBacklogLog;
    private long nextPurge;
    private boolean receiverDownLogged;

    public OutboxDispatcher(AuditSink sink, Settings settings) {
        this.sink = sink;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
    }

    /** Starts the sender thread once the database is migrated; events offered before wait in the queue. */
    public synchronized void start(KeycloakSessionFactory factory) {
        if (thread == null) {
            this.sessionFactory = factory;
            thread = new Thread(this, "kc-edu-audit-sender");
            thread.setDaemon(true);
            thread.start();
            LOG.infof("kc-edu audit: delivering to %s from node %s", sink.describe(), settings.node());
        }
    }

    /** Called after the event's transaction committed. Never blocks: a full queue leaves the event to the backlog. */
    public void offer(AuditEvent event) {
        if (!queue.offer(event)) {
            if (overflows.getAndIncrement() == 0) {
                LOG.warnf("kc-edu audit: send queue full (%d); events wait in the outbox table", settings.queueSize());
            }
            backlog = true;
        }
    }

    public long deliveredCount() {
        return delivered.get();
    }

    public boolean inBacklog() {
        return backlog;
    }

    @Override
    public void run() {
        while (running) {
            try {
                housekeeping();
                if (backlog) {
                    drainBacklog();
                } else {
                    drainQueue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // e.g. the database is briefly unavailable or the table not migrated yet: never let the thread die
                LOG.warnf(e, "kc-edu audit: sender problem, retrying in %s", settings.retryInterval());
                backlog = true;
                sleep(settings.retryInterval());
            }
        }
    }

    private void drainQueue() throws InterruptedException {
        AuditEvent first = queue.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        List<AuditEvent> events = new ArrayList<>(settings.batchSize());
        events.add(first);
        queue.drainTo(events, settings.batchSize() - 1);
        events.removeIf(e -> recentlySent.contains(e.id()));
        if (events.isEmpty()) {
            return;
        }
        try {
            sink.deliver(events);
        } catch (IOException e) {
            receiverDown(e);
            backlog = true; // these rows stay undelivered and go out from the database, in order
            sleep(settings.retryInterval());
            return;
        }
        confirm(events);
    }

    private void drainBacklog() throws InterruptedException {
        queue.clear(); // all of it is committed and undelivered in the table: read it from there, in order
        List<EduAuditOutboxEntity> rows = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                s -> OutboxStore.undeliveredOfNode(s, settings.node(), settings.batchSize()));
        if (rows.isEmpty()) {
            rows = orphansUnderClusterLock();
            if (rows == null) {
                return; // another node holds the orphan lock, or there was an orphan batch that failed
            }
            if (rows.isEmpty()) {
                backlog = false;
                if (receiverDownLogged || overflows.get() > 0) {
                    LOG.infof("kc-edu audit: backlog delivered, %s reachable again", sink.describe());
                }
                receiverDownLogged = false;
                overflows.set(0);
                return;
            }
        }
        sendRows(rows);
    }

    /** Rows left behind by nodes that are gone; only one node at a time takes them. Null = nothing sent this round. */
    private List<EduAuditOutboxEntity> orphansUnderClusterLock() throws InterruptedException {
        long before = System.currentTimeMillis() - settings.orphanGrace().toMillis();
        List<EduAuditOutboxEntity> orphans = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                s -> OutboxStore.undeliveredOrphans(s, settings.node(), before, 1));
        if (orphans.isEmpty()) {
            return List.of();
        }
        boolean[] failed = {false};
        // One session for lock, read and mark: the cluster lock needs no database, and nesting sessions on one
        // thread would entangle their transactions.
        KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
            ClusterProvider cluster = s.getProvider(ClusterProvider.class);
            cluster.executeIfNotExecuted(ORPHAN_TASK, 300, () -> {
                List<EduAuditOutboxEntity> rows = OutboxStore.undeliveredOrphans(s, settings.node(), before,
                        settings.batchSize());
                if (rows.isEmpty()) {
                    return null;
                }
                List<AuditEvent> events = events(rows);
                List<String> ids = ids(events);
                try {
                    sink.deliver(events);
                } catch (IOException e) {
                    receiverDown(e);
                    OutboxStore.countAttempt(s, ids);
                    failed[0] = true;
                    return null;
                }
                OutboxStore.markDelivered(s, ids, System.currentTimeMillis());
                remember(events);
                return null;
            });
        });
        if (failed[0]) {
            sleep(settings.retryInterval());
        }
        return null;
    }

    private void sendRows(List<EduAuditOutboxEntity> rows) throws InterruptedException {
        if (!sendRowsOnce(rows)) {
            sleep(settings.retryInterval());
        }
    }

    private boolean sendRowsOnce(List<EduAuditOutboxEntity> rows) {
        List<AuditEvent> events = events(rows);
        try {
            sink.deliver(events);
        } catch (IOException e) {
            receiverDown(e);
            List<String> ids = ids(events);
            KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> OutboxStore.countAttempt(s, ids));
            return false;
        }
        confirm(events);
        return true;
    }

    private static List<AuditEvent> events(List<EduAuditOutboxEntity> rows) {
        return rows.stream().map(r -> AuditEventJson.fromJson(r.getPayload())).toList();
    }

    /** Outbox rows are addressed by event id (unique), which both the queue and the table know. */
    private static List<String> ids(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::id).toList();
    }

    private void confirm(List<AuditEvent> events) {
        long now = System.currentTimeMillis();
        List<String> ids = ids(events);
        KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> OutboxStore.markDelivered(s, ids, now));
        remember(events);
    }

    private void remember(List<AuditEvent> events) {
        delivered.addAndGet(events.size());
        for (AuditEvent e : events) {
            recentlySent.add(e.id());
        }
        var it = recentlySent.iterator();
        while (recentlySent.size() > RECENT_IDS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private void receiverDown(IOException e) {
        if (!receiverDownLogged) {
            LOG.warnf("kc-edu audit: %s unreachable (%s); events wait in the outbox table and are re-sent in order",
                    sink.describe(), e.toString());
            receiverDownLogged = true;
        }
    }

    /** Periodic work of the same thread: stale-row check, backlog-size log line, retention purge. */
    private void housekeeping() {
        long now = System.currentTimeMillis();
        if (!backlog && now >= nextStaleCheck) {
            nextStaleCheck = now + settings.staleAfter().toMillis();
            long stale = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, s -> OutboxStore.countStale(s,
                    settings.node(), now - settings.staleAfter().toMillis(), now - settings.orphanGrace().toMillis()));
            if (stale > 0) {
                backlog = true;
            }
        }
        if (backlog && now >= nextBacklogLog) {
            nextBacklogLog = now + settings.backlogLogInterval().toMillis();
            long waiting = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, OutboxStore::countUndelivered);
            if (waiting > 0) {
                LOG.warnf("kc-edu audit: backlog of %d undelivered audit events (receiver %s)", waiting, sink.describe());
            }
        }
        if (settings.retentionDays() > 0 && now >= nextPurge) {
            nextPurge = now + settings.purgeInterval().toMillis();
            long before = now - Duration.ofDays(settings.retentionDays()).toMillis();
            int purged = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                    s -> OutboxStore.purgeDelivered(s, before));
            if (purged > 0) {
                LOG.infof("kc-edu audit: purged %d delivered audit events older than %d days", purged,
                        settings.retentionDays());
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
    }
}
