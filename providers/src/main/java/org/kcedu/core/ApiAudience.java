package org.kcedu.core;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.representations.AccessToken;

/**
 * The audience kc-edu's API accepts (RFC 9068 §4, OAuth 2.0 Security BCP): an access token is for kc-edu only when its
 * {@code aud} contains this name. kc-edu's powers come from its own database, not from roles in the token, so without
 * this check every application an administrator logs into would receive a token it could replay against kc-edu.
 * <p>
 * One name per realm: realm attribute {@value #REALM_ATTRIBUTE}, default {@value #DEFAULT}. Every new realm gets a
 * client of that name (no flows: it only names the API) and a client scope of that name whose audience mapper puts it
 * into access tokens; the clients that should reach the API (kc-edu's admin UI, the bulk CLI's client, service
 * clients) get that scope as a default scope, nothing else does.
 */
public final class ApiAudience {

    public static final String REALM_ATTRIBUTE = "kcedu.apiAudience";
    public static final String DEFAULT = "kc-edu-api";
    /** Clients that exist to call kc-edu: a new realm that has them gets the scope on them too. */
    static final String ADMIN_UI_CLIENT_ID = Caller.ADMIN_UI_CLIENT_ID;

    private static final Logger LOG = Logger.getLogger(ApiAudience.class);

    private ApiAudience() {
    }

    /** The audience kc-edu requires in this realm. */
    public static String of(RealmModel realm) {
        String configured = realm.getAttribute(REALM_ATTRIBUTE);
        return configured == null || configured.isBlank() ? DEFAULT : configured.trim();
    }

    public static boolean accepts(RealmModel realm, AccessToken token) {
        return token != null && token.hasAudience(of(realm));
    }

    /** Creates, where missing, the client naming the API and the client scope that adds it to tokens. */
    public static void setUp(RealmModel realm) {
        String audience = of(realm);
        if (realm.getClientByClientId(audience) == null) {
            ClientModel api = realm.addClient(audience);
            api.setName("kc-edu API");
            api.setDescription("Names kc-edu's API as a token audience; it logs nobody in (no flow enabled)");
            api.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            api.setPublicClient(false);
            api.setBearerOnly(true);
            api.setStandardFlowEnabled(false);
            api.setImplicitFlowEnabled(false);
            api.setDirectAccessGrantsEnabled(false);
            api.setServiceAccountsEnabled(false);
            api.setFullScopeAllowed(false);
        }
        ClientScopeModel scope = scope(realm, audience);
        if (scope == null) {
            scope = realm.addClientScope(audience);
            scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            scope.setDescription("Audience " + audience + ": tokens of clients with this scope may call kc-edu's API");
            scope.setIncludeInTokenScope(false);
            scope.addProtocolMapper(AudienceProtocolMapper.createClaimMapper(audience + " audience", null, audience,
                    true, false, true));
        }
        ClientModel adminUi = realm.getClientByClientId(ADMIN_UI_CLIENT_ID);
        if (adminUi != null && !adminUi.getClientScopes(true).containsKey(audience)) {
            adminUi.addClientScope(scope, true);
        }
        LOG.debugf("kc-edu: API audience %s set up in realm %s", audience, realm.getName());
    }

    private static ClientScopeModel scope(RealmModel realm, String name) {
        return realm.getClientScopesStream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
    }
}
