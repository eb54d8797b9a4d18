package org.kcedu.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/** Which of Keycloak's events are a login of a person to a service (requirements 8.1). */
class LoginEventsCountedTest {

    private static Event event(EventType type, String userId, String clientId, String error) {
        Event e = new Event();
        e.setType(type);
        e.setRealmId("realm");
        e.setUserId(userId);
        e.setClientId(clientId);
        e.setError(error);
        e.setTime(1L);
        return e;
    }

    @Test
    void aSuccessfulLoginToAClientCounts() {
        assertTrue(LoginEventListenerProviderFactory.counts(event(EventType.LOGIN, "u", "demo-portal", null)));
    }

    @Test
    void theSameLoginContinuingServiceAccountsAndFailuresDoNot() {
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.CODE_TO_TOKEN, "u", "demo-portal", null)),
                "the code exchange belongs to the LOGIN already counted");
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.REFRESH_TOKEN, "u", "demo-portal", null)));
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.CLIENT_LOGIN, "sa", "batch-job", null)),
                "a service account is no user of the service");
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.LOGIN, "u", "demo-portal", "invalid_user_credentials")));
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.LOGIN_ERROR, "u", "demo-portal", "invalid_user_credentials")));
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.LOGIN, null, "demo-portal", null)));
        assertFalse(LoginEventListenerProviderFactory.counts(event(EventType.LOGIN, "u", null, null)));
    }
}
