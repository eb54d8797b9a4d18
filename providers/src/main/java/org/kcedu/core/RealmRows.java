package org.kcedu.core;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * A slice's tables go with their realm: Keycloak deletes only its own rows when a realm is removed, and a realm
 * re-created under the same id must not find the old realm's rows (they name roles and domains that are gone).
 */
public final class RealmRows {

    private RealmRows() {
    }

    /** Deletes, in the realm removal's transaction, the rows of these tables (each has a REALM_ID column). */
    public static void deleteWithRealm(KeycloakSessionFactory factory, String... tables) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent e) {
                var em = e.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager();
                for (String table : tables) {
                    em.createNativeQuery("DELETE FROM " + table + " WHERE REALM_ID = ?1")
                            .setParameter(1, e.getRealm().getId()).executeUpdate();
                }
            }
        });
    }
}
