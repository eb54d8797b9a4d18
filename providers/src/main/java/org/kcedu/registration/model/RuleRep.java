package org.kcedu.registration.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A self-registration rule as the REST API and the bulk kind {@code self-registration} show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuleRep {
    public String id;
    /** Normalised host (lower case, no trailing dot), e.g. {@code allowed.edu}. */
    public String emailDomain;
    public Boolean includeSubdomains;
    public String role;
    public String domainType;
    public String domainIdentifier;
    public String subject;
    public String createdAt;
}
