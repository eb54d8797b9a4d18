package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A role held by a user (USER_ID) or by every member of a group (GROUP_ID) at a domain, optionally for a subject. */
@Entity
@Table(name = "EDU_ROLE_ASSIGNMENT")
public class EduRoleAssignmentEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "GROUP_ID", length = 36)
    private String groupId;

    @Column(name = "ROLE_ID", length = 36, nullable = false)
    private String roleId;

    @Column(name = "DOMAIN_ID", length = 36, nullable = false)
    private String domainId;

    @Column(name = "SUBJECT_ID", length = 36)
    private String subjectId;

    @Column(name = "STARTS_AT")
    private Long startsAt;

    /** null = perpetual (requirements §3.5.3). */
    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public String getRoleId() { return roleId; }
    public void setRoleId(String roleId) { this.roleId = roleId; }
    public String getDomainId() { return domainId; }
    public void setDomainId(String domainId) { this.domainId = domainId; }
    public String getSubjectId() { return subjectId; }
    public void setSubjectId(String subjectId) { this.subjectId = subjectId; }
    public Long getStartsAt() { return startsAt; }
    public void setStartsAt(Long startsAt) { this.startsAt = startsAt; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
}
