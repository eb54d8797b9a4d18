package org.kcedu.it.registration;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kcedu.it.support.Http;

/**
 * The registration and forgot-password pages driven like a browser without JavaScript: open the page, fill the
 * form, submit it. Each call uses a fresh cookie jar, as a new visitor would.
 */
final class SelfServicePages {

    static final String CLIENT = "demo-portal";
    static final String REDIRECT = "http://localhost:3000/cb";
    private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"%s\"[^>]*action=\"([^\"]+)\"");

    private final String realmUrl;

    SelfServicePages(String realmUrl) {
        this.realmUrl = realmUrl;
    }

    HttpResponse<String> openRegistration(Http http) {
        return follow(http, http.get(realmUrl + "/protocol/openid-connect/registrations?" + Http.form(ordered(
                "client_id", CLIENT, "redirect_uri", REDIRECT, "response_type", "code", "scope", "openid", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"))));
    }

    HttpResponse<String> register(String email, String first, String last) {
        Http http = new Http();
        HttpResponse<String> page = openRegistration(http);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("registration page answered " + page.statusCode() + ": " + page.body());
        }
        return http.postForm(action(page.body(), "kc-register-form"),
                ordered("email", email, "firstName", first, "lastName", last));
    }

    HttpResponse<String> openReset(Http http) {
        return follow(http, http.get(realmUrl + "/login-actions/reset-credentials?client_id=" + CLIENT));
    }

    /** Submits the forgot-password form; returns the page the browser ends on (following redirects). */
    HttpResponse<String> forgot(String username) {
        Http http = new Http();
        HttpResponse<String> page = openReset(http);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("reset page answered " + page.statusCode() + ": " + page.body());
        }
        return http.postForm(action(page.body(), "kc-reset-password-form"), ordered("username", username));
    }

    static HttpResponse<String> follow(Http http, HttpResponse<String> r) {
        for (int i = 0; i < 5 && r.statusCode() / 100 == 3; i++) {
            String location = r.headers().firstValue("Location").orElseThrow();
            r = http.get(r.uri().resolve(URI.create(location)).toString());
        }
        return r;
    }

    static String action(String html, String formId) {
        Matcher m = Pattern.compile(String.format(FORM.pattern(), formId)).matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no form " + formId + " in " + html);
        }
        return m.group(1).replace("&amp;", "&");
    }

    /**
     * A response with what differs per request by design removed: the flow's session code, execution and tab ids,
     * client data, and cookie values. What remains must be identical across outcomes.
     */
    static String comparable(HttpResponse<String> r, String... typed) {
        StringBuilder b = new StringBuilder();
        b.append(r.statusCode()).append('\n');
        Map<String, String> headers = new TreeMap<>();
        r.headers().map().forEach((k, v) -> {
            String name = k.toLowerCase();
            if (name.equals("date") || name.equals("content-length") || name.equals(":status")) {
                return;
            }
            String value = String.join(",", v);
            if (name.equals("set-cookie")) {
                value = value.replaceAll("=[^;,]*", "=X").replaceAll("Expires=[^;]*;", "");
            }
            headers.put(name, withoutTokens(value));
        });
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        String body = withoutTokens(r.body());
        for (String t : typed) {
            body = body.replace(t, "TYPED"); // a form may show what was typed into it: input, not an outcome
        }
        b.append(body);
        return b.toString();
    }

    private static String withoutTokens(String s) {
        return s.replaceAll("(session_code|execution|tab_id|client_data|code|key)=[A-Za-z0-9_.\\-]+", "$1=X")
                .replaceAll("nonce=\"[^\"]*\"", "nonce=\"X\"")
                .replaceAll("checkAuthSession\\(\\s*\"[^\"]*\"", "checkAuthSession(\"X\"");
    }

    static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A mail's content with quoted-printable soft breaks and '=' escapes undone. */
    static String decoded(String data) {
        return data.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    }

    static String link(String mailData, String marker) {
        Matcher m = Pattern.compile("(http://[^\\s\"<>]*" + Pattern.quote(marker) + "[^\\s\"<>]*)").matcher(decoded(mailData));
        if (!m.find()) {
            throw new IllegalStateException("no link with " + marker + " in " + mailData);
        }
        return m.group(1).replace("&amp;", "&");
    }
}
