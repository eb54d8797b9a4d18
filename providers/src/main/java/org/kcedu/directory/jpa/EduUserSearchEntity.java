package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A Keycloak user's first and last name in {@link org.kcedu.directory.NameFold folded} form, for the accent- and
 * case-insensitive prefix search. Written by {@link UserSearchSync} on every write of a user's names, whoever makes
 * it; read-only for the rest of kc-edu.
 */
@Entity
@Table(name = "EDU_USER_SEARCH")
public class EduUserSearchEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FIRST_FOLDED")
    private String firstFolded;

    @Column(name = "LAST_FOLDED")
    private String lastFolded;

    public String getUserId() { return userId; }
    public String getRealmId() { return realmId; }
    public String getFirstFolded() { return firstFolded; }
    public String getLastFolded() { return lastFolded; }
}
