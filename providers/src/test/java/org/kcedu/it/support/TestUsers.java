package org.kcedu.it.support;

import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Set-up of users that tests log in as. */
public final class TestUsers {

    private TestUsers() {
    }

    /**
     * Gives the user a permanent password and marks the e-mail verified: the demo realm verifies e-mail addresses,
     * and a password grant cannot.
     */
    public static void readyForPasswordLogin(UserResource user, String password) {
        CredentialRepresentation c = new CredentialRepresentation();
        c.setType(CredentialRepresentation.PASSWORD);
        c.setValue(password);
        c.setTemporary(false);
        user.resetPassword(c);
        UserRepresentation rep = user.toRepresentation();
        rep.setEmailVerified(true);
        user.update(rep);
    }
}
