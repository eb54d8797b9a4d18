package org.kcedu.it.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Logs a user in the way a browser and a confidential web app would: authorization code flow with PKCE (S256),
 * filling Keycloak's real login form. Returns the token endpoint's JSON.
 */
public final class OidcCodeFlow {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String realmUrl;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;

    public OidcCodeFlow(String realmUrl, String clientId, String clientSecret, String redirectUri) {
        this.realmUrl = realmUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    public JsonNode login(String username, String password) throws Exception {
        Http http = new Http();
        String verifier = randomUrlSafe(48);
        String state = randomUrlSafe(16);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));

        HttpResponse<String> loginPage = http.get(realmUrl + "/protocol/openid-connect/auth?" + Http.form(ordered(
                "client_id", clientId, "redirect_uri", redirectUri, "response_type", "code", "scope", "openid",
                "state", state, "code_challenge", challenge, "code_challenge_method", "S256")));
        if (loginPage.statusCode() != 200) {
            throw new IllegalStateException("login page answered " + loginPage.statusCode());
        }
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (!action.find()) {
            throw new IllegalStateException("no login form on the login page");
        }
        HttpResponse<String> afterLogin = http.postForm(action.group(1).replace("&amp;", "&"),
                ordered("username", username, "password", password, "credentialId", ""));
        String location = afterLogin.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("login did not redirect (status "
                        + afterLogin.statusCode() + "): wrong credentials?"));
        Map<String, String> query = query(URI.create(location).getRawQuery());
        if (!state.equals(query.get("state"))) {
            throw new IllegalStateException("state mismatch in " + location);
        }
        String code = query.get("code");
        if (code == null) {
            throw new IllegalStateException("no code in " + location);
        }
        Map<String, String> tokenRequest = ordered("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier);
        if (clientSecret != null) {
            tokenRequest.put("client_secret", clientSecret);
        }
        HttpResponse<String> token = http.postForm(realmUrl + "/protocol/openid-connect/token", tokenRequest);
        if (token.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + token.statusCode() + ": " + token.body());
        }
        return JSON.readTree(token.body());
    }

    /** The claims of a JWT, read without verification: tests check content, Keycloak checked signatures. */
    public static JsonNode claims(String jwt) throws Exception {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(byte[] in) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(in);
    }
}
