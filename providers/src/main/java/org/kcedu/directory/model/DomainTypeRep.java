package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A domain type. parentTypes: codes of the types a domain of this type may sit under (empty = realm root). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DomainTypeRep extends StrictRep {
    public String id;
    public String code;
    public String name;
    public Boolean builtIn;
    public java.util.List<String> parentTypes;
}
