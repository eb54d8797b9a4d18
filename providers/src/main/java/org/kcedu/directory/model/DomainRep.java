package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A domain. type is the type code; identifier is the external (state-assigned) id, unique per type; version guards updates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DomainRep extends StrictRep {
    public String id;
    public String type;
    public String name;
    public String identifier;
    public String ncesId;
    public String parentId;
    public String parentType;
    public String parentIdentifier;
    public Boolean active;
    public String createdAt;
    public String updatedAt;
    public Integer version;
    /** Answers only: how many descendants a {@code cascade=true} deactivation also deactivated. */
    public Integer deactivatedDescendants;
    /** Answers only: what kc-edu stored but finds doubtful (e.g. an NCES id not of the NCES shape). */
    public java.util.List<String> warnings;
}
