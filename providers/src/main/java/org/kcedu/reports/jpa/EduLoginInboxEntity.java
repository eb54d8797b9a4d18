package org.kcedu.reports.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One successful login, written by the event listener in the login's own transaction (so a login that happened is a
 * login that is counted, whatever crashes afterwards) and removed by the aggregator in the transaction that counts it.
 */
@Entity
@Table(name = "EDU_LOGIN_INBOX")
public class EduLoginInboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "SEQ")
    private Long sequence;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "CLIENT_ID", length = 255, nullable = false)
    private String clientId;

    /** Epoch milliseconds UTC, the event's time. */
    @Column(name = "LOGIN_AT", nullable = false)
    private long loginAt;

    public EduLoginInboxEntity() {
    }

    public EduLoginInboxEntity(String realmId, String userId, String clientId, long loginAt) {
        this.realmId = realmId;
        this.userId = userId;
        this.clientId = clientId;
        this.loginAt = loginAt;
    }

    public Long getSequence() { return sequence; }
    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public String getClientId() { return clientId; }
    public long getLoginAt() { return loginAt; }
}
