package org.kcedu.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.util.JsonSerialization;

/**
 * The demo realm "edu" as realm-config ships it: tests run against what ./run.sh imports, except for the demo
 * directory data (attribute kcedu.demoData), which would change what the directory tests count; the console's browser
 * tests use {@link #loadWithDemoData()}.
 */
public class EduRealmConfig implements RealmConfig {

    public static final String REALM = "edu";
    public static final String RESOURCE = "/kc-edu/realm/edu-realm.json";
    public static final String DEMO_PASSWORD = "kc-edu-demo-2026";

    @Override
    public RealmBuilder configure(RealmBuilder ignored) {
        return RealmBuilder.update(load());
    }

    public static RealmRepresentation load() {
        RealmRepresentation realm = loadWithDemoData();
        realm.getAttributes().remove(DEMO_DATA_ATTRIBUTE);
        return realm;
    }

    public static final String DEMO_DATA_ATTRIBUTE = "kcedu.demoData";

    public static RealmRepresentation loadWithDemoData() {
        try (InputStream in = EduRealmConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the test classpath (kc-edu-realm-config)");
            }
            String json = Placeholders.resolve(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return JsonSerialization.readValue(json, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String clientSecret(String clientId) {
        return load().getClients().stream().filter(c -> clientId.equals(c.getClientId())).findFirst()
                .orElseThrow().getSecret();
    }
}
