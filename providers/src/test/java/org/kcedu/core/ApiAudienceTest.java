package org.kcedu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

/** Only tokens whose aud contains the realm's kc-edu API audience are for kc-edu. */
class ApiAudienceTest {

    private static RealmModel realm(Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> "getAttribute".equals(method.getName()) && args.length == 1
                        ? attributes.get((String) args[0]) : null);
    }

    private static AccessToken token(String... audience) {
        AccessToken t = new AccessToken();
        t.audience(audience);
        return t;
    }

    @Test
    void defaultAudienceIsKcEduApi() {
        RealmModel realm = realm(Map.of());
        assertEquals("kc-edu-api", ApiAudience.of(realm));
        assertTrue(ApiAudience.accepts(realm, token("account", "kc-edu-api")));
        assertFalse(ApiAudience.accepts(realm, token("account")), "a token of another application (aud account)");
        assertFalse(ApiAudience.accepts(realm, new AccessToken()), "no aud at all");
        assertFalse(ApiAudience.accepts(realm, null));
    }

    @Test
    void theAudienceIsConfigurablePerRealm() {
        RealmModel realm = realm(Map.of(ApiAudience.REALM_ATTRIBUTE, " state-directory "));
        assertEquals("state-directory", ApiAudience.of(realm));
        assertTrue(ApiAudience.accepts(realm, token("state-directory")));
        assertFalse(ApiAudience.accepts(realm, token("kc-edu-api")), "the default no longer counts");
        assertEquals("kc-edu-api", ApiAudience.of(realm(Map.of(ApiAudience.REALM_ATTRIBUTE, " "))), "blank = default");
    }
}
