package org.kcedu.it.console;

import java.util.HashMap;
import java.util.Map;

import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/** The demo realm WITH its demo directory data (what ./run.sh shows), plus the test-only password-grant client. */
public class ConsoleRealmConfig implements RealmConfig {

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        RealmRepresentation realm = DirectoryRealmConfig.representation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributesOrEmpty());
        attributes.put(EduRealmConfig.DEMO_DATA_ATTRIBUTE, "true");
        realm.setAttributes(attributes);
        return RealmBuilder.update(realm);
    }
}
