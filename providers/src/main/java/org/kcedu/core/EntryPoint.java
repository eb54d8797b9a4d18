package org.kcedu.core;

/** Through which door a change came in (requirements §10.4). */
public enum EntryPoint {
    /** kc-edu's admin web UI. */
    UI,
    /** kc-edu's REST API called by an application or script with a bearer token. */
    API,
    /** A bulk CSV import. */
    BULK,
    /** Keycloak's own admin console or admin REST API. */
    ADMIN_CONSOLE,
    /** The user themself: account console, update-email, password reset, registration. */
    SELF_SERVICE,
    /** kc-edu itself: scheduled clean-up, expiry. */
    SYSTEM
}
