package org.kcedu.registration.flow;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The registration link's token (requirements §7.2.1): a Keycloak action token signed with the realm's keys, bound
 * to the address it was sent to (claim {@code eml}) and carrying the names given in the form. Single use: its nonce
 * is consumed in Keycloak's single-use store when the account is created. It has no subject because the user does
 * not exist yet, which is why {@link RegistrationCompletionResource} verifies it instead of Keycloak's action-token
 * endpoint (that endpoint refuses tokens without an existing user).
 */
public class SelfRegistrationToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "kc-edu-self-registration";

    @JsonProperty("given_name")
    private String firstName;

    @JsonProperty("family_name")
    private String lastName;

    public SelfRegistrationToken(String email, String firstName, String lastName, int absoluteExpirationInSecs) {
        super(null, TOKEN_TYPE, absoluteExpirationInSecs, UUID.randomUUID());
        setEmail(email);
        this.firstName = firstName;
        this.lastName = lastName;
    }

    /** For JSON deserialisation. */
    private SelfRegistrationToken() {
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    /** The key under which its single use is recorded. */
    String singleUseKey() {
        return TOKEN_TYPE + "." + getActionVerificationNonce();
    }
}
