package org.kcedu.console;

import java.util.List;
import java.util.Map;

import org.kcedu.core.Caller;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The login client of kc-edu's admin console ({@value Caller#ADMIN_UI_CLIENT_ID}): public (a browser app keeps no
 * secret), authorization code + PKCE S256 only, redirects only to the realm's console path, and an audience mapper
 * adding {@value #API_AUDIENCE} to its access tokens so that the API accepts them. The demo realm file declares the
 * same client; new realms get it from {@link ConsoleLifecycle}.
 */
public final class AdminUiClient {

    public static final String API_AUDIENCE = "kc-edu-api";

    private AdminUiClient() {
    }

    public static String consolePath(String realmName) {
        return "/realms/" + realmName + "/kc-edu/console/";
    }

    /**
     * Creates the client unless the realm has one with that id (an admin's changes to it are kept). Not in "master":
     * Keycloak's own administration realm is not an education realm.
     */
    public static boolean ensure(KeycloakSession session, RealmModel realm) {
        if ("master".equals(realm.getName()) || realm.getClientByClientId(Caller.ADMIN_UI_CLIENT_ID) != null) {
            return false;
        }
        ClientManager.createClient(session, realm, representation(realm.getName()));
        return true;
    }

    /** The same client as the demo realm file declares (AdminUiClientTest compares them). */
    static ClientRepresentation representation(String realmName) {
        String path = consolePath(realmName);
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(Caller.ADMIN_UI_CLIENT_ID);
        c.setName("kc-edu admin console");
        c.setDescription("Login client of the kc-edu admin console at " + path + " (public, code flow + PKCE S256)");
        c.setProtocol("openid-connect");
        c.setEnabled(true);
        c.setPublicClient(true);
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setServiceAccountsEnabled(false);
        c.setFrontchannelLogout(true);
        // relative URIs resolve against the address the server answers at, so no host name is baked in
        c.setBaseUrl(path);
        c.setRedirectUris(List.of(path + "*"));
        c.setWebOrigins(List.of("+"));
        c.setAttributes(Map.of("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", path + "*"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("kc-edu API audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.custom.audience", API_AUDIENCE, "access.token.claim", "true",
                "id.token.claim", "false", "introspection.token.claim", "true"));
        c.setProtocolMappers(List.of(audience));
        return c;
    }
}
