package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A role assignment, of a user (userId) or a group (groupId). On input role/domain/subject may be given by id or by name/type+identifier/code. Times are ISO-8601 instants or dates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssignmentRep extends StrictRep {
    public String id;
    public String userId;
    public String groupId;
    public String roleId;
    public String role;
    public String domainId;
    public String domainType;
    public String domainIdentifier;
    public String domainName;
    public String subjectId;
    public String subject;
    public String startsAt;
    public String expiresAt;
    public Boolean active;
    public String createdAt;
    public String createdBy;
}
