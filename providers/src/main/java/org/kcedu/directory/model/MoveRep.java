package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of POST domains/{id}/move: the new parent (null = realm root) and the version read before. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MoveRep extends StrictRep {
    public String parentId;
    public String parentType;
    public String parentIdentifier;
    public Integer version;
}
