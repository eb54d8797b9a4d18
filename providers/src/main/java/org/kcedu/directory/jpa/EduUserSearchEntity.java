package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What kc-edu's user search reads, one row per Keycloak user (service accounts have none): the username and e-mail
 * lower-cased, the first and last name in {@link org.kcedu.directory.NameFold folded} form (accent- and
 * case-insensitive). All four in one table so that a search is one index walk that stops at a page of matches, as
 * Keycloak's own search over {@code USER_ENTITY} is. Written by {@link UserSearchSync} on every write of these
 * fields, whoever makes it; read-only for the rest of kc-edu.
 */
@Entity
@Table(name = "EDU_USER_SEARCH")
public class EduUserSearchEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USERNAME")
    private String username;

    @Column(name = "EMAIL")
    private String email;

    @Column(name = "FIRST_FOLDED")
    private String firstFolded;

    @Column(name = "LAST_FOLDED")
    private String lastFolded;

    public String getUserId() { return userId; }
    public String getRealmId() { return realmId; }
    public String getUsername() { return username; }
    public String getEmail() { return email; }
    public String getFirstFolded() { return firstFolded; }
    public String getLastFolded() { return lastFolded; }
}
