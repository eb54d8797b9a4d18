package org.kcedu.directory.mappers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kcedu.directory.TokenAssignment;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Puts the user's ACTIVE kc-edu role assignments (direct and through groups) into OIDC tokens (§4.5). For users with
 * many assignments, enable it for userinfo only so tokens stay small.
 */
public class AssignmentsOidcMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "kc-edu-assignments-mapper";
    public static final String DEFAULT_CLAIM = "kcedu_roles";
    public static final String SBAC_CLAIM_CONFIG = "kcedu.sbacTenancyChain";
    public static final String SBAC_CLAIM = "sbacTenancyChain";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(CONFIG);
        CONFIG.get(0).setDefaultValue(DEFAULT_CLAIM);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AssignmentsOidcMapper.class);
        ProviderConfigProperty sbac = new ProviderConfigProperty();
        sbac.setName(SBAC_CLAIM_CONFIG);
        sbac.setLabel("Add sbacTenancyChain");
        sbac.setHelpText("Also add the SmarterApp-style '" + SBAC_CLAIM + "' claim: one pipe-separated line per assignment"
                + " (|role|LEVEL|client id|client name|...|institution id|institution name|).");
        sbac.setType(ProviderConfigProperty.BOOLEAN_TYPE);
        sbac.setDefaultValue("false");
        CONFIG.add(sbac);
        ClaimSelectionConfig.addTo(CONFIG, true);
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
        return "kc-edu role assignments";
    }

    @Override
    public String getHelpText() {
        return "The user's active kc-edu role assignments (role, domain id, identifier and type, subject).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        ClaimSelectionConfig.validate(mapperModel, true);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        ClaimSelection selection = ClaimSelection.of(mapping.getConfig());
        List<TokenAssignment> active = AssignmentClaims.selected(session, userSession.getRealm(),
                userSession.getUser().getId(), clientSessionCtx.getClientSession().getClient().getClientId(), selection);
        boolean sbac = Boolean.parseBoolean(mapping.getConfig().get(SBAC_CLAIM_CONFIG));
        // one ancestry query serves both the items' ancestor chain and the compatibility claim
        Map<String, List<TokenAssignment.Level>> ancestry = (sbac || selection.ancestors()) && !active.isEmpty()
                ? AssignmentClaims.ancestry(session, active) : Map.of();
        String claim = mapping.getConfig().getOrDefault(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, DEFAULT_CLAIM);
        token.getOtherClaims().put(claim == null || claim.isBlank() ? DEFAULT_CLAIM : claim,
                selection.format() == ClaimSelection.Format.COMPACT ? AssignmentClaims.compact(active)
                        : AssignmentClaims.structured(active, selection, ancestry));
        if (sbac) {
            token.getOtherClaims().put(SBAC_CLAIM, AssignmentClaims.sbacTenancyChain(userSession.getRealm(), active, ancestry));
        }
    }

    /** A ready-made mapper model, e.g. for realm set-up code and tests. */
    public static ProtocolMapperModel create(String name, String claim, boolean accessToken, boolean idToken,
                                             boolean userInfo, boolean sbac) {
        ProtocolMapperModel m = new ProtocolMapperModel();
        m.setName(name);
        m.setProtocolMapper(PROVIDER_ID);
        m.setProtocol("openid-connect");
        m.setConfig(new java.util.HashMap<>());
        m.getConfig().put(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, claim);
        m.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, String.valueOf(accessToken));
        m.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, String.valueOf(idToken));
        m.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, String.valueOf(userInfo));
        m.getConfig().put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
        m.getConfig().put(SBAC_CLAIM_CONFIG, String.valueOf(sbac));
        return m;
    }
}
