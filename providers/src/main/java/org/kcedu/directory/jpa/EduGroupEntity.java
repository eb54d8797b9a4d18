package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user group (§9): members share the group's role assignments; the owning domain decides who administers it. */
@Entity
@Table(name = "EDU_GROUP")
public class EduGroupEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "DOMAIN_ID", length = 36, nullable = false)
    private String domainId;

    @Column(name = "DESCRIPTION")
    private String description;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDomainId() { return domainId; }
    public void setDomainId(String domainId) { this.domainId = domainId; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
