package org.kcedu.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration every kc-edu integration test uses, so the framework starts a single Keycloak
 * (with this module's target/classes, i.e. the whole bundle, in providers/) and shares it across test classes.
 */
public class KcEduServerConfig implements KeycloakServerConfig {

    /** Ports the test framework binds without asking; it hangs instead of failing when they are taken. */
    private static final int[] FRAMEWORK_PORTS = {8080, 9000};

    /**
     * Audit trail to syslog (issue 7): every test's changes go to a receiver on this loopback port; AuditSyslogIT
     * starts rsyslogd there, other tests do not care (undelivered events simply wait in the outbox).
     */
    public static final int AUDIT_SYSLOG_PORT = 15514;

    /**
     * The bulk upload limit the test server runs with: above Quarkus's default body limit of 10 MiB, which the
     * failsafe configuration raises to 13M for the test Keycloak (environment QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE).
     */
    public static final long BULK_MAX_UPLOAD_BYTES = 12L * 1024 * 1024;

    /**
     * The user search's count cap the test server runs with (default 10,000): small, so that a test can pass it
     * with a few dozen users (DirectoryModelIT#userSearchTotalsAreCappedAndCountOnlyTheCallersScope).
     */
    public static final int USERS_COUNT_CAP = 25;

    /** Only the first start in this JVM can meet a stranger on the port; later ones replace our own server. */
    private static boolean firstStart = true;

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        if (firstStart) {
            firstStart = false;
            for (int port : FRAMEWORK_PORTS) {
                failIfTaken(port);
            }
        }
        return config.dependencyCurrentProject()
                .spiOption("kc-edu-audit", "syslog", "host", "127.0.0.1")
                .spiOption("kc-edu-audit", "syslog", "port", Integer.toString(AUDIT_SYSLOG_PORT))
                .spiOption("kc-edu-audit", "syslog", "protocol", "tcp")
                .spiOption("kc-edu-audit", "syslog", "hostname", "kc-edu-it")
                .spiOption("kc-edu-audit", "syslog", "retry-interval-ms", "500")
                .spiOption("kc-edu-audit", "syslog", "backlog-log-interval-seconds", "10")
                // bulk: small batches so that tests cross batch boundaries; a small upload limit to test 413
                .spiOption("kc-edu-bulk", "default", "batch-size", "7")
                .spiOption("kc-edu-bulk", "default", "max-upload-bytes", String.valueOf(BULK_MAX_UPLOAD_BYTES))
                .spiOption("realm-restapi-extension", "kc-edu", "users-count-cap", String.valueOf(USERS_COUNT_CAP));
    }

    static void failIfTaken(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
        } catch (IOException free) {
            return;
        }
        throw new IllegalStateException("Port " + port + " on 127.0.0.1 is already in use, so the test Keycloak cannot"
                + " start. Stop whatever listens there (often ./run.sh: press Ctrl-C) and run the tests again.");
    }
}
