package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A Keycloak user as kc-edu shows it. assignments: required (at least one) when creating through kc-edu. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class UserRep {
    public String id;
    public String username;
    public String email;
    public String firstName;
    public String lastName;
    public Boolean enabled;
    public java.util.List<AssignmentRep> assignments;
}
