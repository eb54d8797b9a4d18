package org.kcedu.it.bulk;

import java.util.ArrayList;
import java.util.List;

import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/**
 * The demo realm under its own name, plus a test-only confidential client with direct access grants so tests can
 * get tokens for the demo users (an admin and a non-admin). The shipped realm's clients stay untouched.
 */
public class BulkRealmConfig implements RealmConfig {

    public static final String REALM = "edu-bulk";
    public static final String CLIENT = "bulk-it";
    public static final String SECRET = "bulk-it-secret";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        RealmRepresentation rep = EduRealmConfig.load();
        rep.setRealm(REALM);
        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(CLIENT);
        c.setEnabled(true);
        c.setPublicClient(false);
        c.setSecret(SECRET);
        c.setDirectAccessGrantsEnabled(true);
        c.setStandardFlowEnabled(false);
        c.setProtocol("openid-connect");
        c.setProtocolMappers(List.of(DirectoryRealmConfig.apiAudience()));
        List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
        clients.add(c);
        rep.setClients(clients);
        return RealmBuilder.update(rep);
    }
}
