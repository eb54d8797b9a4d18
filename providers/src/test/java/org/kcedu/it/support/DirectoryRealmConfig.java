package org.kcedu.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/**
 * The demo realm plus one TEST-ONLY confidential client ({@value #CLIENT}) with the password grant, so tests get
 * tokens for the demo users without a browser, and with the kc-edu mapper incl. the sbacTenancyChain claim.
 */
public class DirectoryRealmConfig implements RealmConfig {

    public static final String CLIENT = "kc-edu-it";
    public static final String SECRET = "kc-edu-it-secret";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        return RealmBuilder.update(representation());
    }

    /** The demo realm with the test client added. */
    public static RealmRepresentation representation() {
        RealmRepresentation realm = EduRealmConfig.load();
        List<ClientRepresentation> clients = new ArrayList<>(realm.getClients());
        clients.add(testClient());
        realm.setClients(clients);
        return realm;
    }

    /**
     * The audience mapper a client needs so that its access tokens are accepted by kc-edu's API (aud contains
     * kc-edu-api); the same as the realm's client scope kc-edu-api.
     */
    public static ProtocolMapperRepresentation apiAudience() {
        ProtocolMapperRepresentation aud = new ProtocolMapperRepresentation();
        aud.setName("kc-edu-api audience");
        aud.setProtocol("openid-connect");
        aud.setProtocolMapper("oidc-audience-mapper");
        aud.setConfig(Map.of("included.custom.audience", "kc-edu-api", "access.token.claim", "true",
                "introspection.token.claim", "true"));
        return aud;
    }

    /**
     * Adds the test client to a realm that lacks it (e.g. the shipped demo realm), so tests of that realm get
     * password-grant tokens for kc-edu's API too.
     */
    public static void ensureTestClient(org.keycloak.admin.client.resource.RealmResource realm) {
        if (realm.clients().findByClientId(CLIENT).isEmpty()) {
            realm.clients().create(testClient()).close();
        }
    }

    /** The test-only client: password grant, kc-edu's mappers and the kc-edu API audience. */
    public static ClientRepresentation testClient() {
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(CLIENT);
        c.setEnabled(true);
        c.setPublicClient(false);
        c.setSecret(SECRET);
        c.setStandardFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(true);
        c.setServiceAccountsEnabled(false);
        ProtocolMapperRepresentation m = new ProtocolMapperRepresentation();
        m.setName("kc-edu role assignments");
        m.setProtocol("openid-connect");
        m.setProtocolMapper("kc-edu-assignments-mapper");
        m.setConfig(Map.of("claim.name", "kcedu_roles", "access.token.claim", "true", "id.token.claim", "true",
                "userinfo.token.claim", "true", "introspection.token.claim", "true", "kcedu.sbacTenancyChain", "true"));
        ProtocolMapperRepresentation appRoles = new ProtocolMapperRepresentation();
        appRoles.setName("kc-edu application roles");
        appRoles.setProtocol("openid-connect");
        appRoles.setProtocolMapper("kc-edu-app-roles-mapper");
        appRoles.setConfig(Map.of("access.token.claim", "true", "introspection.token.claim", "true"));
        c.setProtocolMappers(List.of(m, appRoles, apiAudience()));
        return c;
    }
}
