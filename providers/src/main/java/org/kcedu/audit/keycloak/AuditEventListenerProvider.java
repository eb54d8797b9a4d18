package org.kcedu.audit.keycloak;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.kcedu.audit.AuditEvent;
import org.kcedu.audit.AuditTrail;
import org.kcedu.audit.EntryPoint;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Translates Keycloak's own events into kc-edu audit events, inside the transaction that sent them. */
public class AuditEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AuditEventListenerProvider.class);

    private final KeycloakSession session;
    private final LoginFailureBursts bursts;

    public AuditEventListenerProvider(KeycloakSession session, LoginFailureBursts bursts) {
        this.session = session;
        this.bursts = bursts;
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
                b.change(field, v, details.get("updated_" + field));
            } else if (k.startsWith("updated_") && !details.containsKey("previous_" + k.substring("updated_".length()))) {
                b.change(k.substring("updated_".length()), null, v);
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
        Optional<AuditEvent> audit = AdminEventTranslator.translate(event, actorUsername(event), before);
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

    /**
     * The user as last committed, read in a separate session: in this request's session the update is already
     * applied (or the user already removed), so this is the only place the "before" values still exist.
     */
    private AdminEventTranslator.UserSnapshot committedUser(String realmId, String userId) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                UserModel u = realm == null ? null : s.users().getUserById(realm, userId);
                return u == null ? null : new AdminEventTranslator.UserSnapshot(u.getUsername(), u.getEmail(),
                        u.getFirstName(), u.getLastName(), u.isEnabled(), u.isEmailVerified());
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "kc-edu audit: could not read user %s before the update", userId);
            return null;
        }
    }

    @Override
    public void close() {
    }
}
