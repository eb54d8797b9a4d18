package org.kcedu.authz;

/**
 * The answer of an {@link AccessPolicy}: allowed, or refused with a stable machine-readable reason code (used in the
 * 403 body and the ACCESS_DENIED audit event) and a human message.
 */
public record Decision(boolean allowed, String reasonCode, String message) {

    private static final Decision ALLOW = new Decision(true, null, null);

    public static Decision allow() {
        return ALLOW;
    }

    public static Decision deny(String reasonCode, String message) {
        return new Decision(false, reasonCode, message);
    }
}
