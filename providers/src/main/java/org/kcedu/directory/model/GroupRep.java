package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A user group owned by a domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class GroupRep {
    public String id;
    public String name;
    public String domainId;
    public String domainType;
    public String domainIdentifier;
    public String description;
}
