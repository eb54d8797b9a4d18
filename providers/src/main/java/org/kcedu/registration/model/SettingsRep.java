package org.kcedu.registration.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Per-realm self-service settings (realm attributes {@code kcedu.selfRegistration.*}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SettingsRep {
    /** Lifetime of a registration link, seconds (default 86400 = 24 h). */
    public Integer linkLifetimeSeconds;
    /** Registration and reset requests accepted per e-mail address per hour (default 5). */
    public Integer requestsPerAddressPerHour;
    /** Registration and reset requests accepted per client IP address per hour (default 60). */
    public Integer requestsPerIpPerHour;
}
