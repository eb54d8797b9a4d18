package org.kcedu.registration.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One self-registration rule of a realm (requirements §7.1): addresses at {@code emailDomain} (and, when
 * {@code includeSubdomains}, at its subdomains) may register and receive {@code roleId} at {@code domainId}
 * (for {@code subjectId} when the role is subject-specific). Directory rows are referenced by id so that renames in
 * the directory do not break rules.
 */
@Entity
@Table(name = "EDU_SELF_REG_RULE")
@NamedQueries({
        @NamedQuery(name = "edu.selfRegRulesByRealm",
                query = "select r from EduSelfRegistrationRuleEntity r where r.realmId = :realmId order by r.emailDomain"),
        @NamedQuery(name = "edu.selfRegRuleByDomain",
                query = "select r from EduSelfRegistrationRuleEntity r where r.realmId = :realmId and r.emailDomain = :domain")
})
public class EduSelfRegistrationRuleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "EMAIL_DOMAIN", nullable = false)
    private String emailDomain;

    @Column(name = "INCLUDE_SUBDOMAINS", nullable = false)
    private boolean includeSubdomains;

    @Column(name = "ROLE_ID", length = 36, nullable = false)
    private String roleId;

    @Column(name = "DOMAIN_ID", length = 36, nullable = false)
    private String domainId;

    @Column(name = "SUBJECT_ID", length = 36)
    private String subjectId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getEmailDomain() { return emailDomain; }
    public void setEmailDomain(String emailDomain) { this.emailDomain = emailDomain; }
    public boolean isIncludeSubdomains() { return includeSubdomains; }
    public void setIncludeSubdomains(boolean includeSubdomains) { this.includeSubdomains = includeSubdomains; }
    public String getRoleId() { return roleId; }
    public void setRoleId(String roleId) { this.roleId = roleId; }
    public String getDomainId() { return domainId; }
    public void setDomainId(String domainId) { this.domainId = domainId; }
    public String getSubjectId() { return subjectId; }
    public void setSubjectId(String subjectId) { this.subjectId = subjectId; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
}
