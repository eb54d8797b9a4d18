package org.kcedu.registration.flow;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What the registration and reset flows share on a node: the executor that sends their e-mails off the request
 * thread, and the request limiter. Owned by the authenticator factories (started in {@code postInit}, stopped in
 * {@code close}); mail work is handed over only after the request's transaction committed, so a rolled-back request
 * sends nothing, and the request never waits for SMTP: its duration cannot tell whether a mail was sent.
 */
public final class SelfServiceRuntime {

    private static final Logger LOG = Logger.getLogger(SelfServiceRuntime.class);
    private static volatile SelfServiceRuntime instance;

    private final KeycloakSessionFactory sessionFactory;
    private final ExecutorService mailer;
    private final RequestLimiter limiter = new RequestLimiter(System::currentTimeMillis);

    private SelfServiceRuntime(KeycloakSessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
        this.mailer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kc-edu-self-service-mail");
            t.setDaemon(true);
            return t;
        });
    }

    static synchronized void start(KeycloakSessionFactory factory) {
        if (instance == null) {
            instance = new SelfServiceRuntime(factory);
        }
    }

    static synchronized void stop() {
        SelfServiceRuntime r = instance;
        instance = null;
        if (r != null) {
            r.mailer.shutdown();
            try {
                r.mailer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static SelfServiceRuntime get() {
        SelfServiceRuntime r = instance;
        if (r == null) {
            throw new IllegalStateException("kc-edu self-service runtime not started");
        }
        return r;
    }

    RequestLimiter limiter() {
        return limiter;
    }

    /**
     * Runs {@code job} in its own session and transaction on the mail thread once {@code session}'s transaction has
     * committed. Enlisted for every request whatever the outcome (a job may do nothing), so all requests do the same.
     */
    void afterCommit(KeycloakSession session, Consumer<KeycloakSession> job) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                mailer.submit(() -> {
                    try {
                        KeycloakModelUtils.runJobInTransaction(sessionFactory, job::accept);
                    } catch (RuntimeException e) {
                        LOG.warn("kc-edu self-service: an e-mail could not be sent", e);
                    }
                });
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
