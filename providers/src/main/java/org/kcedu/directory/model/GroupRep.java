package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A user group owned by a domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupRep extends StrictRep {
    public String id;
    public String name;
    public String domainId;
    public String domainType;
    public String domainIdentifier;
    public String description;
}
