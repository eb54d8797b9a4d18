package org.kcedu.it.bulk;

import org.kcedu.it.support.DirectoryRealmConfig;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/** The demo realm with the directory test client ({@link DirectoryRealmConfig}), under its own name. */
public class BulkDirectoryRealmConfig implements RealmConfig {

    public static final String REALM = "edu-bulk-directory";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        RealmRepresentation rep = DirectoryRealmConfig.representation();
        rep.setRealm(REALM);
        return RealmBuilder.update(rep);
    }
}
