package org.kcedu.directory;

import org.kcedu.directory.model.AssignmentRep;

/** What an assignment's audit events name: role name, domain as {@link DomainKey} text, subject code. */
public record AssignmentLabel(String role, String domain, String subject) {

    static AssignmentLabel of(AssignmentRep rep) {
        return new AssignmentLabel(rep.role, DomainKey.format(rep.domainType, rep.domainIdentifier), rep.subject);
    }
}
