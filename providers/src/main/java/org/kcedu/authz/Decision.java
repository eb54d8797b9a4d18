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

    /** Reason code of {@link #hidden}. */
    public static final String HIDDEN = "not_found_or_out_of_scope";

    /**
     * The one answer for something the caller may not see, the same whether it exists outside their scope or does not
     * exist at all (bulk rows, see docs/delegated-administration.md "Opacity").
     */
    public static Decision hidden() {
        return HIDDEN_DECISION;
    }

    private static final Decision HIDDEN_DECISION = new Decision(false, HIDDEN, "the row names a user, domain, group"
            + " or assignment that does not exist or is outside your administrative scope (creating users without a"
            + " role assignment needs a realm administrator; to add a role to an existing account, use POST /users"
            + " with its e-mail)");

    public static Decision deny(String reasonCode, String message) {
        return new Decision(false, reasonCode, message);
    }
}
