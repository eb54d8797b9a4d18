package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A kc-edu role. domainTypes: type codes where it may be assigned; subjects: subject codes its assignments may carry
 * (empty = the role takes no subject); subjectRequired: every assignment names one of them; subjectSpecific: read as
 * "has subjects" (older clients; on input, true without subjects means every subject of the realm, required);
 * grantableRoles: role names an administrative role may grant (empty = all); appRoles: "realm:NAME" or "client:CLIENT:NAME".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleRep extends StrictRep {
    public String id;
    public String name;
    public String description;
    public Boolean subjectSpecific;
    public java.util.List<String> subjects;
    public Boolean subjectRequired;
    public Boolean administrative;
    public java.util.List<String> domainTypes;
    public java.util.List<String> grantableRoles;
    public java.util.List<String> appRoles;
}
