package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Keycloak user as kc-edu shows it. assignments: required (at least one) when creating through kc-edu. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserRep extends StrictRep {
    public String id;
    public String username;
    public String email;
    public String firstName;
    public String lastName;
    public Boolean enabled;
    /** The user's id in the state's or district's systems (SIS / staff id); unique per realm, optional. */
    public String externalId;
    public java.util.List<AssignmentRep> assignments;
    /**
     * True when the user holds roles outside the viewing admin's scope (ART's hasRolesOutside): the admin may not change
     * their e-mail, disable or delete them, so UIs should disable those controls. Null for realm-level callers.
     */
    public Boolean hasRolesOutside;

    @Override
    public java.util.List<String> unknownFields() {
        java.util.List<String> all = new java.util.ArrayList<>(super.unknownFields());
        for (int i = 0; assignments != null && i < assignments.size(); i++) {
            if (assignments.get(i) != null) {
                for (String f : assignments.get(i).unknownFields()) {
                    all.add("assignments[" + i + "]." + f);
                }
            }
        }
        return all;
    }
}
