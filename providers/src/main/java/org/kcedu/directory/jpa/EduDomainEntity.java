package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A node of the institutional hierarchy. Ancestry lives in {@link EduDomainClosureEntity}; PARENT_ID is the direct link. */
@Entity
@Table(name = "EDU_DOMAIN")
@NamedQueries({
        @NamedQuery(name = "edu.domainByIdentifier", query = "select d from EduDomainEntity d where d.realmId = :realmId and d.typeId = :typeId and d.identifier = :identifier"),
        @NamedQuery(name = "edu.domainChildren", query = "select d from EduDomainEntity d where d.realmId = :realmId and d.parentId = :parentId order by d.name, d.id"),
        @NamedQuery(name = "edu.domainCountByType", query = "select count(d) from EduDomainEntity d where d.typeId = :typeId"),
        @NamedQuery(name = "edu.domainAncestors", query = "select d from EduDomainClosureEntity c, EduDomainEntity d where c.descendantId = :id and c.depth > 0 and d.id = c.ancestorId order by c.depth desc")
})
public class EduDomainEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "TYPE_ID", length = 36, nullable = false)
    private String typeId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "IDENTIFIER", nullable = false)
    private String identifier;

    @Column(name = "NCES_ID")
    private String ncesId;

    @Column(name = "PARENT_ID", length = 36)
    private String parentId;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active = true;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getTypeId() { return typeId; }
    public void setTypeId(String typeId) { this.typeId = typeId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getIdentifier() { return identifier; }
    public void setIdentifier(String identifier) { this.identifier = identifier; }
    public String getNcesId() { return ncesId; }
    public void setNcesId(String ncesId) { this.ncesId = ncesId; }
    public String getParentId() { return parentId; }
    public void setParentId(String parentId) { this.parentId = parentId; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public int getVersion() { return version; }
    public void setVersion(int version) { this.version = version; }
}
