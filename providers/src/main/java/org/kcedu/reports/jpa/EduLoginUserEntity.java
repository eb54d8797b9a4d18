package org.kcedu.reports.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * First login, last login and number of logins of one user to one client (Keycloak client id, e.g. "demo-portal"),
 * plus one row per user with client {@value org.kcedu.reports.LoginBatch#ALL_APPLICATIONS} for all clients together,
 * so that "active in the last N days" is one row per user, with or without an application filter.
 */
@Entity
@Table(name = "EDU_LOGIN_USER")
@IdClass(EduLoginUserEntity.Key.class)
public class EduLoginUserEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Id
    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FIRST_AT", nullable = false)
    private long firstAt;

    @Column(name = "LAST_AT", nullable = false)
    private long lastAt;

    @Column(name = "LOGINS", nullable = false)
    private long logins;

    public EduLoginUserEntity() {
    }

    public EduLoginUserEntity(String realmId, String userId, String clientId, long firstAt, long lastAt, long logins) {
        this.realmId = realmId;
        this.userId = userId;
        this.clientId = clientId;
        this.firstAt = firstAt;
        this.lastAt = lastAt;
        this.logins = logins;
    }

    public String getUserId() { return userId; }
    public String getClientId() { return clientId; }
    public String getRealmId() { return realmId; }
    public long getFirstAt() { return firstAt; }
    public void setFirstAt(long v) { firstAt = v; }
    public long getLastAt() { return lastAt; }
    public void setLastAt(long v) { lastAt = v; }
    public long getLogins() { return logins; }
    public void setLogins(long v) { logins = v; }

    public static class Key implements Serializable {
        private String userId;
        private String clientId;

        public Key() {
        }

        public Key(String userId, String clientId) {
            this.userId = userId;
            this.clientId = clientId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(clientId, k.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, clientId);
        }
    }
}
