package org.kcedu.directory;

/** An active assignment as tokens carry it. */
public record TokenAssignment(String role, String domainId, String domainIdentifier, String domainType, String subject,
                              String domainName) {

    /** One level of a domain's ancestry (root first), for the sbacTenancyChain compatibility claim. */
    public record Level(String type, String id, String identifier, String name) {
    }
}
