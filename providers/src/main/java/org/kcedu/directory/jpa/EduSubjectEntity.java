package org.kcedu.directory.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A subject (MATH, ELA, ...) that subject-specific role assignments name. */
@Entity
@Table(name = "EDU_SUBJECT")
@NamedQueries({
        @NamedQuery(name = "edu.subjectsByRealm", query = "select s from EduSubjectEntity s where s.realmId = :realmId order by s.code"),
        @NamedQuery(name = "edu.subjectByCode", query = "select s from EduSubjectEntity s where s.realmId = :realmId and s.code = :code")
})
public class EduSubjectEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CODE", nullable = false)
    private String code;

    @Column(name = "NAME", nullable = false)
    private String name;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
