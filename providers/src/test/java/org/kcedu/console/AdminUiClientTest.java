package org.kcedu.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/** The client new realms get is the one the demo realm file declares: one definition in two places must not drift. */
class AdminUiClientTest {

    @Test
    void createdClientEqualsTheDemoRealmsClient() throws IOException {
        RealmRepresentation realm;
        try (InputStream in = getClass().getResourceAsStream("/kc-edu/realm/edu-realm.json")) {
            realm = JsonSerialization.readValue(in, RealmRepresentation.class);
        }
        ClientRepresentation file = realm.getClients().stream()
                .filter(c -> "kc-edu-admin-ui".equals(c.getClientId())).findFirst().orElseThrow();
        ClientRepresentation made = AdminUiClient.representation("edu");
        assertEquals(file.getName(), made.getName());
        assertEquals(file.getDescription(), made.getDescription());
        assertEquals(file.isPublicClient(), made.isPublicClient());
        assertEquals(file.isStandardFlowEnabled(), made.isStandardFlowEnabled());
        assertEquals(file.isImplicitFlowEnabled(), made.isImplicitFlowEnabled());
        assertEquals(file.isDirectAccessGrantsEnabled(), made.isDirectAccessGrantsEnabled());
        assertEquals(file.isServiceAccountsEnabled(), made.isServiceAccountsEnabled());
        assertEquals(file.getBaseUrl(), made.getBaseUrl());
        assertEquals(file.getRedirectUris(), made.getRedirectUris());
        assertEquals(file.getWebOrigins(), made.getWebOrigins());
        assertEquals(file.getAttributes(), made.getAttributes());
        assertEquals(1, file.getProtocolMappers().size());
        ProtocolMapperRepresentation f = file.getProtocolMappers().get(0);
        ProtocolMapperRepresentation m = made.getProtocolMappers().get(0);
        assertEquals(f.getName(), m.getName());
        assertEquals(f.getProtocolMapper(), m.getProtocolMapper());
        assertEquals(f.getConfig(), m.getConfig());
    }

    @Test
    void pathsAreTheRealmsConsole() {
        assertEquals("/realms/district-7/kc-edu/console/", AdminUiClient.consolePath("district-7"));
        assertEquals(java.util.List.of("/realms/district-7/kc-edu/console/*"),
                AdminUiClient.representation("district-7").getRedirectUris());
    }
}
