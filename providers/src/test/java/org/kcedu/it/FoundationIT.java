package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/** The bundle in a real Keycloak with the demo realm: provider loaded, theme served, OIDC and SAML answer. */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class FoundationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(config = EduRealmConfig.class)
    ManagedRealm realm;

    private final Http http = new Http();

    @Test
    void infoRouteProvesTheProviderJarIsLoaded() throws Exception {
        HttpResponse<String> res = http.get(realm.getBaseUrl() + "/kc-edu/info");
        assertEquals(200, res.statusCode(), res.body());
        JsonNode info = JSON.readTree(res.body());
        assertEquals("kc-edu", info.get("name").asText());
        assertTrue(info.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), "version: " + info);
        assertEquals("26.7.3", info.get("keycloakDistVersion").asText());
        assertTrue(info.get("features").isArray() && info.get("features").size() > 0, "features: " + info);
    }

    @Test
    void demoTeacherGetsTokensThroughCodeFlowWithPkce() throws Exception {
        OidcCodeFlow flow = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal",
                EduRealmConfig.clientSecret("demo-portal"), "http://localhost:3000/callback");

        JsonNode tokens = flow.login("teacher@kc-edu.example", EduRealmConfig.DEMO_PASSWORD);

        JsonNode access = OidcCodeFlow.claims(tokens.get("access_token").asText());
        assertEquals("teacher@kc-edu.example", access.get("preferred_username").asText());
        assertEquals(realm.getBaseUrl(), access.get("iss").asText());
        assertTrue(tokens.hasNonNull("id_token"));
    }

    @Test
    void wrongPasswordGetsNoCode() {
        OidcCodeFlow flow = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal",
                EduRealmConfig.clientSecret("demo-portal"), "http://localhost:3000/callback");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> flow.login("teacher@kc-edu.example", "not-the-password"));
        assertTrue(e.getMessage().contains("did not redirect"), e.getMessage());
    }

    @Test
    void samlIdpMetadataAnswers() {
        HttpResponse<String> res = http.get(realm.getBaseUrl() + "/protocol/saml/descriptor");
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("IDPSSODescriptor"), res.body());
        assertTrue(res.body().contains(realm.getBaseUrl()), "entityID names the realm");
    }

    @Test
    void loginPageUsesTheKcEduTheme() {
        HttpResponse<String> res = http.get(realm.getBaseUrl()
                + "/protocol/openid-connect/auth?client_id=demo-spa&response_type=code&scope=openid"
                + "&redirect_uri=" + Http.enc("http://localhost:5173/") + "&code_challenge_method=S256"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("/resources/") && res.body().contains("/login/kc-edu/css/kc-edu.css"),
                "kc-edu stylesheet linked");
        assertTrue(res.body().contains("id=\"kcedu-footer\""), "kc-edu footer rendered");
        assertTrue(res.body().contains("kc-edu Demo State"), "realm display name shown");
    }

    @Test
    void openIdConfigurationAnswers() throws Exception {
        HttpResponse<String> res = http.get(realm.getBaseUrl() + "/.well-known/openid-configuration");
        assertEquals(200, res.statusCode());
        assertEquals(realm.getBaseUrl(), JSON.readTree(res.body()).get("issuer").asText());
    }
}
