package org.kcedu.audit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.kcedu.audit.outbox.AuditSink;
import org.kcedu.audit.outbox.LogSink;
import org.kcedu.audit.outbox.OutboxDispatcher;
import org.kcedu.audit.outbox.SyslogSink;
import org.kcedu.audit.outbox.TransactionOutbox;
import org.kcedu.audit.syslog.Facility;
import org.kcedu.audit.syslog.Rfc5424Formatter;
import org.kcedu.audit.syslog.StreamSyslogTransport;
import org.kcedu.audit.syslog.SyslogTransport;
import org.kcedu.audit.syslog.TlsContexts;
import org.kcedu.audit.syslog.UdpSyslogTransport;
import org.kcedu.core.AuditEvent;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The default audit trail (highest {@link #order()}): every event goes into the EDU_AUDIT_OUTBOX table in the
 * transaction of the change, and after commit to the node's sender thread, which delivers it to the syslog receiver
 * configured with {@code --spi-kc-edu-audit--syslog--host=...}, or to the server log when no host is configured.
 */
public class SyslogAuditTrailProviderFactory implements AuditTrailProviderFactory {

    public static final String ID = "syslog";
    private static final Logger LOG = Logger.getLogger(SyslogAuditTrailProviderFactory.class);

    private String node;
    private OutboxDispatcher dispatcher;

    @Override
    public AuditTrailProvider create(KeycloakSession session) {
        return new AuditTrailProvider() {
            @Override
            public void record(AuditEvent event) {
                // A success belongs to its change: same transaction, gone if the change rolls back. A denial or
                // failure describes something that did not happen, and Keycloak rolls the request transaction back
                // on every exception (KeycloakErrorHandler), also on a 403: such records get their own transaction.
                if (event.outcome() == AuditEvent.Outcome.SUCCESS && session.getTransactionManager().isActive()) {
                    TransactionOutbox.record(session, event, node, dispatcher);
                } else {
                    TransactionOutbox.recordAlone(session, event, node, dispatcher);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        String hostname = config.get("hostname", localHostName());
        this.node = config.get("node-name", hostname);
        AuditSink sink = sink(config, hostname);
        int retentionDays = config.getInt("retention-days", 30);
        OutboxDispatcher.Settings settings = new OutboxDispatcher.Settings(node,
                config.getInt("queue-size", 10_000),
                config.getInt("batch-size", 200),
                Duration.ofMillis(config.getLong("retry-interval-ms", 2000L)),
                Duration.ofSeconds(config.getLong("stale-after-seconds", 30L)),
                Duration.ofSeconds(config.getLong("orphan-grace-seconds", 300L)),
                Duration.ofSeconds(config.getLong("backlog-log-interval-seconds", 60L)),
                retentionDays,
                Duration.ofMinutes(config.getLong("purge-interval-minutes", 60L)));
        // created here so that events recorded before the thread starts are kept; they are in the table anyway
        this.dispatcher = new OutboxDispatcher(sink, settings);
    }

    static AuditSink sink(Config.Scope config, String hostname) {
        String host = config.get("host");
        if (host == null || host.isBlank()) {
            LOG.info("kc-edu audit: no syslog host configured (--spi-kc-edu-audit--syslog--host); audit events go to"
                    + " the outbox table and the server log");
            return new LogSink();
        }
        String protocol = config.get("protocol", "tcp").toLowerCase(Locale.ROOT);
        int port = config.getInt("port", "tls".equals(protocol) ? 6514 : 514);
        int timeout = config.getInt("connect-timeout-ms", 3000);
        SyslogTransport transport = switch (protocol) {
            case "udp" -> new UdpSyslogTransport(host, port);
            case "tcp" -> new StreamSyslogTransport(host, port, null, false, timeout);
            case "tls" -> new StreamSyslogTransport(host, port, TlsContexts.socketFactory(
                    config.get("truststore-file"), config.get("truststore-password"), config.get("truststore-type"),
                    config.get("keystore-file"), config.get("keystore-password"), config.get("keystore-type")),
                    config.getBoolean("verify-hostname", true), timeout);
            default -> throw new IllegalArgumentException("--spi-kc-edu-audit--syslog--protocol must be udp, tcp or tls, got "
                    + protocol);
        };
        Rfc5424Formatter formatter = new Rfc5424Formatter(Facility.parse(config.get("facility", "authpriv")),
                config.getLong("enterprise-number", 32473L), hostname, config.get("app-name", "kc-edu"),
                Long.toString(ProcessHandle.current().pid()), config.getInt("max-value-length", 2000));
        return new SyslogSink(formatter, transport, "syslog " + protocol + "://" + host + ":" + port);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "kc-edu";
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // The outbox table exists only after Keycloak ran the Liquibase migrations: start sending after them.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                dispatcher.start(factory);
            }
        });
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Above the plain "log" provider, so this one is the SPI's default without any configuration. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("host").type("string").helpText("Syslog receiver host; unset = outbox + server log only").add()
                .property().name("port").type("int").helpText("Receiver port (default 514, 6514 for tls)").add()
                .property().name("protocol").type("string").defaultValue("tcp").options("udp", "tcp", "tls").helpText("Transport").add()
                .property().name("facility").type("string").defaultValue("authpriv").helpText("Syslog facility name or number").add()
                .property().name("enterprise-number").type("string").defaultValue("32473").helpText("IANA PEN in the SD-ID kcedu@<n>").add()
                .property().name("app-name").type("string").defaultValue("kc-edu").helpText("APP-NAME header field").add()
                .property().name("hostname").type("string").helpText("HOSTNAME header field (default: this machine's name)").add()
                .property().name("truststore-file").type("string").helpText("TLS: truststore with the receiver's CA").add()
                .property().name("truststore-password").type("password").helpText("TLS: truststore password").add()
                .property().name("truststore-type").type("string").helpText("TLS: truststore type (default PKCS12)").add()
                .property().name("keystore-file").type("string").helpText("TLS: client certificate keystore (mutual TLS)").add()
                .property().name("keystore-password").type("password").helpText("TLS: keystore password").add()
                .property().name("keystore-type").type("string").helpText("TLS: keystore type").add()
                .property().name("verify-hostname").type("boolean").defaultValue(true).helpText("TLS: check the receiver's certificate name").add()
                .property().name("retention-days").type("int").defaultValue(30).helpText("Keep delivered events this many days (0 = forever)").add()
                .property().name("node-name").type("string").helpText("Unique per cluster node (default: hostname)").add()
                .build();
    }
}
