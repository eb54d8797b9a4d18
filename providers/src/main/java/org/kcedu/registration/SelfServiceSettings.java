package org.kcedu.registration;

import org.kcedu.registration.model.SettingsRep;
import org.keycloak.models.RealmModel;

/** Per-realm settings of self-registration and reset requests, kept as realm attributes (no rebuild, no restart). */
public final class SelfServiceSettings {

    static final String LINK_LIFETIME = "kcedu.selfRegistration.linkLifetimeSeconds";
    static final String PER_ADDRESS = "kcedu.selfRegistration.requestsPerAddressPerHour";
    static final String PER_IP = "kcedu.selfRegistration.requestsPerIpPerHour";

    public static final int DEFAULT_LINK_LIFETIME = 24 * 3600;
    public static final int DEFAULT_PER_ADDRESS = 5;
    public static final int DEFAULT_PER_IP = 60;

    private SelfServiceSettings() {
    }

    public static SettingsRep of(RealmModel realm) {
        SettingsRep s = new SettingsRep();
        s.linkLifetimeSeconds = realm.getAttribute(LINK_LIFETIME, DEFAULT_LINK_LIFETIME);
        s.requestsPerAddressPerHour = realm.getAttribute(PER_ADDRESS, DEFAULT_PER_ADDRESS);
        s.requestsPerIpPerHour = realm.getAttribute(PER_IP, DEFAULT_PER_IP);
        return s;
    }

    public static void write(RealmModel realm, SettingsRep s) {
        if (s.linkLifetimeSeconds != null) {
            realm.setAttribute(LINK_LIFETIME, s.linkLifetimeSeconds);
        }
        if (s.requestsPerAddressPerHour != null) {
            realm.setAttribute(PER_ADDRESS, s.requestsPerAddressPerHour);
        }
        if (s.requestsPerIpPerHour != null) {
            realm.setAttribute(PER_IP, s.requestsPerIpPerHour);
        }
    }
}
