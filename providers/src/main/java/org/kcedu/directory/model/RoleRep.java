package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A kc-edu role. domainTypes: type codes where it may be assigned; grantableRoles: role names an administrative role may grant (empty = all); appRoles: "realm:NAME" or "client:CLIENT:NAME". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleRep extends StrictRep {
    public String id;
    public String name;
    public String description;
    public Boolean subjectSpecific;
    public Boolean administrative;
    public java.util.List<String> domainTypes;
    public java.util.List<String> grantableRoles;
    public java.util.List<String> appRoles;
}
