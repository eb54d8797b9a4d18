package org.kcedu.reports.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One domain's row of the report snapshot ({@link org.kcedu.reports.ReportSnapshot}): registered users of the
 * domain's subtree and those active in one client (or {@value org.kcedu.reports.LoginBatch#ALL_APPLICATIONS}) since
 * {@code activeSince}, as of {@code asOf}. Every row of a realm comes from the same refresh, so the time stamps repeat.
 */
@Entity
@Table(name = "EDU_REPORT_COUNT")
@IdClass(EduReportCountEntity.Key.class)
public class EduReportCountEntity {

    @Id
    @Column(name = "DOMAIN_ID", length = 36)
    private String domainId;

    @Id
    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "REGISTERED", nullable = false)
    private long registered;

    @Column(name = "ACTIVE", nullable = false)
    private long active;

    @Column(name = "AS_OF", nullable = false)
    private long asOf;

    @Column(name = "ACTIVE_SINCE", nullable = false)
    private long activeSince;

    @Column(name = "ACTIVE_DAYS", nullable = false)
    private int activeDays;

    public EduReportCountEntity() {
    }

    public EduReportCountEntity(String realmId, String domainId, String clientId, long registered, long active,
                                long asOf, long activeSince, int activeDays) {
        this.realmId = realmId;
        this.domainId = domainId;
        this.clientId = clientId;
        this.registered = registered;
        this.active = active;
        this.asOf = asOf;
        this.activeSince = activeSince;
        this.activeDays = activeDays;
    }

    public String getDomainId() { return domainId; }
    public String getClientId() { return clientId; }
    public String getRealmId() { return realmId; }
    public long getRegistered() { return registered; }
    public long getActive() { return active; }
    public long getAsOf() { return asOf; }
    public long getActiveSince() { return activeSince; }
    public int getActiveDays() { return activeDays; }

    public static class Key implements Serializable {
        private String domainId;
        private String clientId;

        public Key() {
        }

        public Key(String domainId, String clientId) {
            this.domainId = domainId;
            this.clientId = clientId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(domainId, k.domainId) && Objects.equals(clientId, k.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(domainId, clientId);
        }
    }
}
