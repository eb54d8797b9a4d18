package org.kcedu.audit.keycloak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener "kc-edu-audit": add it to a realm's event listeners (the demo realm has it) to put account changes
 * made through Keycloak's own admin console, admin API, account console and login flows into the kc-edu audit trail.
 * Admin event details must be enabled in the realm for role names and field values to be recorded.
 */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "kc-edu-audit";

    private LoginFailureBursts bursts;
    /** Reads users' committed state before admin updates (see AuditEventListenerProvider#committedUser). */
    private ExecutorService readers;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, bursts, readers);
    }

    @Override
    public void init(Config.Scope config) {
        bursts = new LoginFailureBursts(config.getInt("login-failure-burst-threshold", 5));
        AtomicInteger n = new AtomicInteger();
        readers = new ThreadPoolExecutor(0, config.getInt("before-readers", 8), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1000), r -> {
                    Thread t = new Thread(r, "kc-edu-audit-before-reader-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        if (readers != null) {
            readers.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
