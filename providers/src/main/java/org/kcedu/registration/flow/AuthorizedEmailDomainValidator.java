package org.kcedu.registration.flow;

import org.keycloak.models.KeycloakSession;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.AbstractStringValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * User-profile validator {@value #ID} on the {@code email} attribute (requirements §7.2.4): a self-registered user
 * (attribute {@link SelfRegistered#ATTRIBUTE}) cannot move their address to a domain no self-registration rule
 * authorizes, whichever Keycloak path asks (update-email action, account console, admin API). Other users are not
 * restricted: their addresses were set by an administrator, who answers for them.
 */
public class AuthorizedEmailDomainValidator extends AbstractStringValidator
        implements org.keycloak.validate.ValidatorFactory {

    public static final String ID = "kc-edu-authorized-email-domain";
    public static final String MESSAGE = "kceduEmailDomainNotAuthorized";

    @Override
    protected void doValidate(String value, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext up)) {
            return;
        }
        AttributeContext attribute = up.getAttributeContext();
        KeycloakSession session = context.getSession();
        if (!AuthorizedEmailDomainRule.allows(session, session.getContext().getRealm(), attribute.getUser(), value)) {
            context.addError(new ValidationError(ID, inputHint, MESSAGE));
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
