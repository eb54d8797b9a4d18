package org.kcedu.bulk.users;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.kcedu.bulk.BulkBatch;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserRequiredActionEntity;
import org.keycloak.models.jpa.entities.UserRoleMappingEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProvider;

/**
 * Creates an imported user in Keycloak's user tables with exactly the rows Keycloak's {@code addUser} writes (the
 * user with its names, e-mail and enabled flag, the default-role mapping, the realm's default required actions), in
 * one INSERT per row and no query. Keycloak's own path costs, per user, a SELECT ("has this brand-new user the default
 * role?"), an INSERT and then an UPDATE (the names and e-mail are set after the insert was queued), plus a cache
 * invalidation for a user no cache can hold yet (Keycloak does not cache failed lookups). Realms where that path does
 * more, i.e. with user federation (new users may belong to LDAP) or default groups, keep Keycloak's path.
 */
final class NewLocalUser {

    private NewLocalUser() {
    }

    /** True when this realm's new users need Keycloak's own {@code addUser} (decided once per batch). */
    static boolean needsKeycloakPath(BulkBatch batch) {
        RealmModel realm = batch.realm();
        return batch.memo("users.keycloakAddUser", () -> realm.getComponentsStream(realm.getId(),
                UserStorageProvider.class.getName()).findAny().isPresent() || realm.getDefaultGroupsStream().findAny().isPresent());
    }

    /** Inserts the user (fields already validated and lowercased like Keycloak does); returns the new id. */
    static String insert(BulkBatch batch, UsersHandler.Target t) {
        RealmModel realm = batch.realm();
        EntityManager em = batch.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        long now = Time.currentTimeMillis();
        UserEntity user = new UserEntity();
        user.setId(KeycloakModelUtils.generateId());
        user.setCreatedTimestamp(now);
        user.setLastModifiedTimestamp(now);
        user.setRealmId(realm.getId());
        user.setUsername(t.username());
        user.setEmail(t.email(), realm.isDuplicateEmailsAllowed());
        user.setFirstName(t.firstName());
        user.setLastName(t.lastName());
        user.setEnabled(t.enabled() == null || t.enabled());
        em.persist(user);
        if (SetPasswordEmails.wanted(batch.setPasswordEmail(), t)) {
            SetPasswordEmails.mark(em, user, batch.jobId());
        }
        if (t.externalId() != null) {
            org.keycloak.models.jpa.entities.UserAttributeEntity a = new org.keycloak.models.jpa.entities.UserAttributeEntity();
            a.setId(KeycloakModelUtils.generateId());
            a.setUser(user);
            a.setName(UsersHandler.EXTERNAL_ID_ATTRIBUTE);
            a.setValue(t.externalId());
            em.persist(a);
        }

        UserRoleMappingEntity defaultRole = new UserRoleMappingEntity();
        defaultRole.setUser(user);
        defaultRole.setRoleId(batch.memo("users.defaultRoleId", () -> realm.getDefaultRole().getId()));
        em.persist(defaultRole);

        List<String> actions = batch.memo("users.defaultRequiredActions", () -> realm.getRequiredActionProvidersStream()
                .filter(RequiredActionProviderModel::isEnabled).filter(RequiredActionProviderModel::isDefaultAction)
                .map(RequiredActionProviderModel::getAlias).toList());
        for (String alias : actions) {
            UserRequiredActionEntity action = new UserRequiredActionEntity();
            action.setUser(user);
            action.setAction(alias);
            em.persist(action);
        }
        return user.getId();
    }
}
