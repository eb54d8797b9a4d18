package org.kcedu.audit.keycloak;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.kcedu.core.AuditEvent;
import org.kcedu.audit.AuditTrail;
import org.kcedu.core.EntryPoint;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Translates Keycloak's own events into kc-edu audit events, inside the transaction that sent them. */
public class AuditEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AuditEventListenerProvider.class);
    private static final long READ_TIMEOUT_SECONDS = 5;

    private final KeycloakSession session;
    private final LoginFailureBursts bursts;
    private final ExecutorService readers;

    public AuditEventListenerProvider(KeycloakSession session, LoginFailureBursts bursts, ExecutorService readers) {
        this.session = session;
        this.bursts = bursts;
        this.readers = readers;
    }

    @Override
    public void onEvent(Event event) {
        EventType type = event.getType();
        if (type == null) {
            return;
        }
        String action = switch (type) {
            case UPDATE_EMAIL -> "EMAIL_CHANGE";
            case UPDATE_PASSWORD, UPDATE_CREDENTIAL -> "PASSWORD_CHANGE";
            case RESET_PASSWORD -> "PASSWORD_RESET";
            case REGISTER -> "USER_CREATE";
            case UPDATE_PROFILE -> "USER_UPDATE";
            case LOGIN_ERROR -> "LOGIN_FAILURE_BURST";
            default -> null;
        };
        if (action == null) {
            return;
        }
        String username = username(event);
        if (type == EventType.LOGIN_ERROR) {
            String who = event.getUserId() != null ? event.getUserId() : username;
            if (who == null || !bursts.failed(event.getRealmId() + "|" + who, event.getTime())) {
                return;
            }
            AuditTrail.record(session, AuditEvent.builder(EntryPoint.SELF_SERVICE, action)
                    .timestamp(Instant.ofEpochMilli(event.getTime()))
                    .realm(event.getRealmId(), event.getRealmName())
                    .actor(null, null, event.getClientId(), event.getIpAddress())
                    .target(event.getUserId() != null ? "user" : "username", who)
                    .failed(bursts.threshold() + " failed logins within one minute (last error: " + event.getError() + ")")
                    .correlationId("kc-event:" + event.getId())
                    .build());
            return;
        }
        if (event.getError() != null) {
            return; // a failed self-service change changed nothing
        }
        AuditEvent.Builder b = AuditEvent.builder(EntryPoint.SELF_SERVICE, action)
                .timestamp(Instant.ofEpochMilli(event.getTime()))
                .realm(event.getRealmId(), event.getRealmName())
                .actor(event.getUserId(), username, event.getClientId(), event.getIpAddress())
                .target("user", event.getUserId())
                .correlationId("kc-event:" + event.getId());
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        details.forEach((k, v) -> {
            if (k.startsWith("previous_")) {
                String field = k.substring("previous_".length());
                b.change(camel(field), v, details.get("updated_" + field));
            } else if (k.startsWith("updated_") && !details.containsKey("previous_" + k.substring("updated_".length()))) {
                b.change(camel(k.substring("updated_".length())), null, v);
            }
        });
        if (type == EventType.REGISTER) {
            b.change("username", null, username).change("email", null, details.get("email"));
        }
        if (type == EventType.UPDATE_PASSWORD || type == EventType.RESET_PASSWORD || type == EventType.UPDATE_CREDENTIAL) {
            b.change("password", null, "(changed by user)");
        }
        AuditTrail.record(session, b.build());
    }

    /** Keycloak's event details say first_name; admin events and kc-edu say firstName: one name per field. */
    static String camel(String detail) {
        StringBuilder sb = new StringBuilder(detail.length());
        boolean up = false;
        for (char c : detail.toCharArray()) {
            if (c == '_') {
                up = sb.length() > 0;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private String username(Event event) {
        if (event.getDetails() != null && event.getDetails().get("username") != null) {
            return event.getDetails().get("username");
        }
        if (event.getUserId() == null || event.getRealmId() == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        return user == null ? null : user.getUsername();
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AdminEventTranslator.UserSnapshot before = null;
        if (event.getResourceType() == ResourceType.USER
                && (event.getOperationType() == OperationType.UPDATE || event.getOperationType() == OperationType.DELETE)
                && event.getResourcePath() != null && event.getResourcePath().split("/").length == 2) {
            before = committedUser(event.getRealmId(), event.getResourcePath().split("/")[1]);
        }
        Optional<AuditEvent> audit = AdminEventTranslator.translate(event, actorUsername(event), actorClientId(event),
                before);
        audit.ifPresent(a -> AuditTrail.record(session, a));
    }

    private String actorUsername(AdminEvent event) {
        if (event.getAuthDetails() == null || event.getAuthDetails().getUserId() == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealm(event.getAuthDetails().getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getAuthDetails().getUserId());
        return user == null ? null : user.getUsername();
    }

    private String actorClientId(AdminEvent event) {
        if (event.getAuthDetails() == null || event.getAuthDetails().getClientId() == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealm(event.getAuthDetails().getRealmId());
        ClientModel client = realm == null ? null : realm.getClientById(event.getAuthDetails().getClientId());
        return client == null ? null : client.getClientId();
    }

    /**
     * The user as last committed. In this request's session the update is already applied (or the user already
     * removed), so the "before" values only exist in the database's committed state: read it in a new session on
     * another thread (a nested session on this thread would join this thread's JTA transaction). Plain reads of
     * committed rows do not wait for this transaction's row locks on H2, PostgreSQL or MariaDB.
     */
    private AdminEventTranslator.UserSnapshot committedUser(String realmId, String userId) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        try {
            return readers.submit(() -> KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return null;
                }
                s.getContext().setRealm(realm); // user storage refuses sessions without a realm
                UserModel u = s.users().getUserById(realm, userId);
                return u == null ? null : new AdminEventTranslator.UserSnapshot(u.getUsername(), u.getEmail(),
                        u.getFirstName(), u.getLastName(), u.isEnabled(), u.isEmailVerified());
            })).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warnf("kc-edu audit: could not read user %s as it was before the change (%s); recording new values only",
                    userId, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
    }
}
