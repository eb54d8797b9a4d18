package org.kcedu.reports;

import java.time.Duration;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Event listener "kc-edu-reports" (requirements 8.1): add it to a realm's event listeners (the demo realm has it) to
 * record each successful login and the client that asked for it. Counted: LOGIN events, i.e. a user authenticating
 * to a client by any flow (browser OIDC or SAML, password grant, SSO cookie to a second client, brokered login). Not
 * counted: CODE_TO_TOKEN and REFRESH_TOKEN (the same login continuing), CLIENT_LOGIN (a service account, not a
 * person), failed logins. The listener only adds one inbox row to the login's transaction; {@link LoginAggregator}
 * does the rest in the background.
 * <p>
 * Settings ({@code --spi-events-listener--kc-edu-reports--NAME=...}): aggregate-interval-ms (5000), batch-size (1000),
 * retention-days (400; 0 keeps records forever), purge-interval-minutes (60), snapshot-interval-minutes (10; 0: no
 * periodic report snapshot), snapshot-min-users (10000: from this subtree size a report reads the snapshot).
 */
public class LoginEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "kc-edu-reports";

    private LoginAggregator aggregator;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (counts(event)) {
                    new LoginStore(session).record(event.getRealmId(), event.getUserId(), event.getClientId(),
                            event.getTime());
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    static boolean counts(Event event) {
        return event.getType() == EventType.LOGIN && event.getError() == null && event.getUserId() != null
                && event.getClientId() != null && event.getRealmId() != null;
    }

    @Override
    public void init(Config.Scope config) {
        aggregator = new LoginAggregator(new LoginAggregator.Settings(
                Duration.ofMillis(config.getLong("aggregate-interval-ms", 5000L)),
                config.getInt("batch-size", 1000),
                config.getInt("retention-days", 400),
                Duration.ofMinutes(config.getLong("purge-interval-minutes", 60L)),
                Duration.ofMinutes(config.getLong("snapshot-interval-minutes", 10L)),
                config.getLong("snapshot-min-users", 10_000L)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(e -> {
            if (e instanceof PostMigrationEvent) {
                aggregator.start(factory); // the tables exist from here on
            } else if (e instanceof UserModel.UserRemovedEvent removed) {
                new LoginStore(removed.getKeycloakSession()).forgetUser(removed.getUser().getId());
            }
        });
        ReportSettings.configure(aggregator.settings().retentionDays(), aggregator.settings().snapshotMinUsers());
    }

    /** The node's aggregator (tests drain it instead of waiting for the next round). */
    LoginAggregator aggregator() {
        return aggregator;
    }

    @Override
    public void close() {
        if (aggregator != null) {
            aggregator.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
