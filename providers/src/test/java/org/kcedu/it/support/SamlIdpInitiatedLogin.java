package org.kcedu.it.support;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SAML 2.0 login the way a browser does an IdP-initiated one: open Keycloak's IdP-initiated SSO URL of the client,
 * fill the real login form, and receive the HTML page that POSTs the signed SAMLResponse to the service provider's
 * assertion consumer (not followed: no SP runs in tests). The client needs attribute saml_idp_initiated_sso_url_name.
 */
public final class SamlIdpInitiatedLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern SAML_RESPONSE = Pattern.compile("name=\"SAMLResponse\"\\s+value=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private SamlIdpInitiatedLogin() {
    }

    /** Logs in and returns the base64 SAMLResponse that would be posted to the service provider. */
    public static String login(String realmUrl, String urlName, String username, String password) {
        Http http = new Http();
        HttpResponse<String> page = http.get(realmUrl + "/protocol/saml/clients/" + urlName);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("IdP-initiated SSO URL answered " + page.statusCode());
        }
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("no login form on the SAML login page");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("credentialId", "");
        HttpResponse<String> posted = http.postForm(action.group(1).replace("&amp;", "&"), form);
        Matcher response = SAML_RESPONSE.matcher(posted.body());
        if (posted.statusCode() != 200 || !response.find()) {
            throw new IllegalStateException("no SAMLResponse after login (status " + posted.statusCode() + ")");
        }
        return response.group(1);
    }
}
