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

/** A level of the institutional hierarchy (STATE, DISTRICT, SCHOOL, ... or a realm's own, e.g. MAT). */
@Entity
@Table(name = "EDU_DOMAIN_TYPE")
@NamedQueries({
        @NamedQuery(name = "edu.domainTypesByRealm", query = "select t from EduDomainTypeEntity t where t.realmId = :realmId order by t.code"),
        @NamedQuery(name = "edu.domainTypeByCode", query = "select t from EduDomainTypeEntity t where t.realmId = :realmId and t.code = :code"),
        @NamedQuery(name = "edu.domainTypeCountByRealm", query = "select count(t) from EduDomainTypeEntity t where t.realmId = :realmId")
})
public class EduDomainTypeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CODE", nullable = false)
    private String code;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "BUILT_IN", nullable = false)
    private boolean builtIn;

    /** Ids of the types a domain of this type may sit under; empty = at the realm root. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "EDU_DOMAIN_TYPE_PARENT", joinColumns = @JoinColumn(name = "TYPE_ID"))
    @Column(name = "PARENT_TYPE_ID", length = 36)
    private Set<String> parentTypeIds = new HashSet<>();

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isBuiltIn() { return builtIn; }
    public void setBuiltIn(boolean builtIn) { this.builtIn = builtIn; }
    public Set<String> getParentTypeIds() { return parentTypeIds; }
    public void setParentTypeIds(Set<String> parentTypeIds) { this.parentTypeIds = parentTypeIds; }
}
