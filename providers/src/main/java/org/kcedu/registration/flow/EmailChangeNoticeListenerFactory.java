package org.kcedu.registration.flow;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@value #ID} (requirements §5.2.2.2): when a user's verified e-mail change completes
 * (Keycloak event UPDATE_EMAIL), the OLD address gets a notice naming the new one, so that a hijacked account is
 * noticed by its owner. Sent after commit on the self-service mail thread.
 */
public class EmailChangeNoticeListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "kc-edu-email-change-notice";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getType() != EventType.UPDATE_EMAIL || event.getDetails() == null) {
                    return;
                }
                String previous = event.getDetails().get(Details.PREVIOUS_EMAIL);
                String updated = event.getDetails().get(Details.UPDATED_EMAIL);
                if (previous == null || previous.isBlank() || previous.equalsIgnoreCase(updated)) {
                    return;
                }
                String realmId = event.getRealmId();
                SelfServiceRuntime.get().afterCommit(session, s -> SelfServiceMail.send(s, realmId, previous, null,
                        "kceduEmailChangedSubject", "kcedu-email-changed.ftl",
                        Map.of("newEmail", updated == null ? "" : updated)));
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SelfServiceRuntime.start(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
