package org.kcedu.directory.mappers;

import java.util.ArrayList;
import java.util.List;

import org.kcedu.directory.ActiveAssignments;
import org.kcedu.directory.AppRole;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * Adds the application roles of the user's ACTIVE kc-edu assignments (a role's {@link AppRole}s: {@code realm:NAME} or
 * {@code client:CLIENT_ID:NAME}) to the access token's standard {@code realm_access.roles} and
 * {@code resource_access.CLIENT_ID.roles}, next to the roles Keycloak's own role mappers put there. Applications that
 * only understand Keycloak roles then need nothing kc-edu-specific, and an expired assignment or an inactive domain
 * takes the application role away at the next token.
 */
public class AppRolesOidcMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "kc-edu-app-roles-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AppRolesOidcMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "kc-edu application roles";
    }

    @Override
    public String getHelpText() {
        return "Adds the Keycloak realm and client roles that the user's active kc-edu role assignments map to"
                + " (a kc-edu role's appRoles) to realm_access and resource_access of the access token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** After Keycloak's own role mappers (priority 0), so both sets of roles end up side by side. */
    @Override
    public int getPriority() {
        return 20;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (!(token instanceof AccessToken access)) {
            return;
        }
        for (AppRole appRole : new ActiveAssignments(session).appRoles(userSession.getUser().getId())) {
            if (appRole.isRealmRole()) {
                if (access.getRealmAccess() == null) {
                    access.setRealmAccess(new AccessToken.Access());
                }
                access.getRealmAccess().addRole(appRole.name());
            } else {
                access.addAccess(appRole.clientId()).addRole(appRole.name());
            }
        }
    }
}
