package org.kcedu.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The demo realm's security settings are part of the product: changing them must be deliberate. */
class DemoRealmTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> realm() throws IOException {
        try (InputStream in = DemoRealmTest.class.getResourceAsStream("/kc-edu/realm/edu-realm.json")) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> client(String clientId) throws IOException {
        return ((List<Map<String, Object>>) realm().get("clients")).stream()
                .filter(c -> clientId.equals(c.get("clientId"))).findFirst().orElseThrow();
    }

    @Test
    void bruteForceAndPasswordPolicyAreOn() throws IOException {
        Map<String, Object> realm = realm();
        assertEquals(true, realm.get("bruteForceProtected"));
        assertTrue(realm.get("passwordPolicy").toString().contains("length(12)"));
        assertEquals("kc-edu", realm.get("loginTheme"));
        assertEquals("external", realm.get("sslRequired"));
        assertEquals(true, realm.get("verifyEmail"), "self-service e-mail changes must be confirmed from the new address");
    }

    @Test
    @SuppressWarnings("unchecked")
    void requiredActionsKeepKeycloaksDefaultsAndEnableVerifiedEmailChange() throws IOException {
        // Listing required actions replaces Keycloak's defaults on import, so the ones flows rely on must be here.
        Map<String, Boolean> enabled = new java.util.HashMap<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) realm().get("requiredActions")) {
            enabled.put((String) a.get("alias"), (Boolean) a.get("enabled"));
        }
        for (String alias : List.of("UPDATE_EMAIL", "UPDATE_PASSWORD", "VERIFY_EMAIL", "UPDATE_PROFILE", "CONFIGURE_TOTP")) {
            assertEquals(true, enabled.get(alias), alias + " enabled");
        }
    }

    @Test
    void clientsHaveTheAdvertisedShape() throws IOException {
        Map<String, Object> portal = client("demo-portal");
        assertEquals(false, portal.get("publicClient"));
        assertTrue(portal.get("secret").toString().startsWith("${KCEDU_DEMO_PORTAL_SECRET:"), "secret from env");
        assertEquals(false, portal.get("directAccessGrantsEnabled"), "no password grant for the web app");
        assertEquals("S256", ((Map<?, ?>) portal.get("attributes")).get("pkce.code.challenge.method"));
        assertEquals(true, client("demo-spa").get("publicClient"));
        assertEquals("saml", client("demo-saml").get("protocol"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noDemoUserHoldsKeycloakAdminRoles() throws IOException {
        // Delegated admins work through kc-edu's rules; realm-management roles would bypass them.
        for (Map<String, Object> user : (List<Map<String, Object>>) realm().get("users")) {
            assertFalse(user.containsKey("clientRoles"), user.get("username") + " has client roles");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void adminConsoleClientIsPublicPkceOnlyAndLimitedToTheConsolePath() throws IOException {
        Map<String, Object> ui = client("kc-edu-admin-ui");
        assertEquals(true, ui.get("publicClient"));
        assertEquals(true, ui.get("standardFlowEnabled"));
        assertEquals(false, ui.get("implicitFlowEnabled"));
        assertEquals(false, ui.get("directAccessGrantsEnabled"));
        assertEquals(false, ui.get("serviceAccountsEnabled"));
        assertEquals("S256", ((Map<?, ?>) ui.get("attributes")).get("pkce.code.challenge.method"));
        assertEquals(List.of("/realms/edu/kc-edu/console/*"), ui.get("redirectUris"));
        assertEquals(List.of("+"), ui.get("webOrigins"), "only the redirect URIs' origin");
        Map<String, Object> audience = ((List<Map<String, Object>>) ui.get("protocolMappers")).stream()
                .filter(m -> "oidc-audience-mapper".equals(m.get("protocolMapper"))).findFirst().orElseThrow();
        Map<String, Object> config = (Map<String, Object>) audience.get("config");
        assertEquals("kc-edu-api", config.get("included.custom.audience"));
        assertEquals("true", config.get("access.token.claim"));
        assertEquals("false", config.get("id.token.claim"));
    }

    @Test
    void demoRealmAsksForDemoData() throws IOException {
        assertEquals("true", ((Map<?, ?>) realm().get("attributes")).get("kcedu.demoData"));
    }
}
