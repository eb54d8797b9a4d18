package org.kcedu.directory.jpa;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A kc-edu role (Teacher, Test Administrator, District Admin...), assignable at some domain types. */
@Entity
@Table(name = "EDU_ROLE")
@NamedQueries({
        @NamedQuery(name = "edu.rolesByRealm", query = "select r from EduRoleEntity r where r.realmId = :realmId order by r.name"),
        @NamedQuery(name = "edu.roleByName", query = "select r from EduRoleEntity r where r.realmId = :realmId and r.name = :name")
})
public class EduRoleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "DESCRIPTION")
    private String description;

    /** Kept in step with {@code !subjectIds.isEmpty()} (the column predates the subject list). */
    @Column(name = "SUBJECT_SPECIFIC", nullable = false)
    private boolean subjectSpecific;

    /** A subject is required on every assignment of this role (only with a non-empty {@link #subjectIds}). */
    @Column(name = "SUBJECT_REQUIRED", nullable = false)
    private boolean subjectRequired;

    @Column(name = "ADMINISTRATIVE", nullable = false)
    private boolean administrative;

    /** Subjects an assignment of this role may name; empty = the role takes no subject (§3.3.3). */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "EDU_ROLE_SUBJECT", joinColumns = @JoinColumn(name = "ROLE_ID"))
    @Column(name = "SUBJECT_ID", length = 36)
    private Set<String> subjectIds = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "EDU_ROLE_DOMAIN_TYPE", joinColumns = @JoinColumn(name = "ROLE_ID"))
    @Column(name = "TYPE_ID", length = 36)
    private Set<String> domainTypeIds = new HashSet<>();

    /** For administrative roles: the roles holders may grant; empty = all. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "EDU_ROLE_GRANTABLE", joinColumns = @JoinColumn(name = "ADMIN_ROLE_ID"))
    @Column(name = "GRANTABLE_ROLE_ID", length = 36)
    private Set<String> grantableRoleIds = new HashSet<>();

    /** Application roles this role stands for, "realm:NAME" or "client:CLIENT_ID:NAME". */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "EDU_ROLE_APP_ROLE", joinColumns = @JoinColumn(name = "ROLE_ID"))
    @Column(name = "APP_ROLE")
    private Set<String> appRoles = new HashSet<>();

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public boolean isSubjectSpecific() { return subjectSpecific; }
    public void setSubjectSpecific(boolean subjectSpecific) { this.subjectSpecific = subjectSpecific; }
    public boolean isSubjectRequired() { return subjectRequired; }
    public void setSubjectRequired(boolean subjectRequired) { this.subjectRequired = subjectRequired; }
    public Set<String> getSubjectIds() { return subjectIds; }
    public void setSubjectIds(Set<String> subjectIds) { this.subjectIds = subjectIds; }
    public boolean isAdministrative() { return administrative; }
    public void setAdministrative(boolean administrative) { this.administrative = administrative; }
    public Set<String> getDomainTypeIds() { return domainTypeIds; }
    public void setDomainTypeIds(Set<String> domainTypeIds) { this.domainTypeIds = domainTypeIds; }
    public Set<String> getGrantableRoleIds() { return grantableRoleIds; }
    public void setGrantableRoleIds(Set<String> grantableRoleIds) { this.grantableRoleIds = grantableRoleIds; }
    public Set<String> getAppRoles() { return appRoles; }
    public void setAppRoles(Set<String> appRoles) { this.appRoles = appRoles; }
}
