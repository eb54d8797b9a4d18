package org.kcedu.registration.flow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link SelfRegistrationAuthenticator} (id {@value #ID}) and owns the self-service mail thread. */
public class SelfRegistrationAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "kc-edu-self-registration";
    private static final SelfRegistrationAuthenticator INSTANCE = new SelfRegistrationAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SelfServiceRuntime.start(factory);
    }

    @Override
    public void close() {
        SelfServiceRuntime.stop();
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "kc-edu self-registration by authorized e-mail domain";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{AuthenticationExecutionModel.Requirement.REQUIRED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Registration form (e-mail, first and last name) whose outcome is told by e-mail only: a single-use"
                + " registration link for authorized e-mail domains (kc-edu self-registration rules).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
