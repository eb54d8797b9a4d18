package org.kcedu.reports.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * "User logged in to client on day" (UTC day, as days since 1970-01-01): the primary key makes each user count once
 * per day and client, so daily active users are a plain count. Client
 * {@value org.kcedu.reports.LoginBatch#ALL_APPLICATIONS} rows count a user once per day across clients.
 */
@Entity
@Table(name = "EDU_LOGIN_DAY")
@IdClass(EduLoginDayEntity.Key.class)
public class EduLoginDayEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Id
    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Id
    @Column(name = "LOGIN_DAY")
    private int day;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    public EduLoginDayEntity() {
    }

    public EduLoginDayEntity(String realmId, String userId, String clientId, int day) {
        this.realmId = realmId;
        this.userId = userId;
        this.clientId = clientId;
        this.day = day;
    }

    public String getUserId() { return userId; }
    public String getClientId() { return clientId; }
    public int getDay() { return day; }
    public String getRealmId() { return realmId; }

    public static class Key implements Serializable {
        private String userId;
        private String clientId;
        private int day;

        public Key() {
        }

        public Key(String userId, String clientId, int day) {
            this.userId = userId;
            this.clientId = clientId;
            this.day = day;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(clientId, k.clientId)
                    && day == k.day;
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, clientId, day);
        }
    }
}
