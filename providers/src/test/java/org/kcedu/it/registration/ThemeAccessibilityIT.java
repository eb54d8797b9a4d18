package org.kcedu.it.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.SmtpSink;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Requirements 13.1 and 13.2: axe-core (WCAG 2.0 and 2.1, A and AA) finds no violation on the sign-in, registration,
 * "check your e-mail", forgot-password, set-password and error pages of the kc-edu theme, at 1280 px and 375 px,
 * and no page scrolls sideways on a phone. Chromium is driven by {@code themes/e2e/a11y.mjs} (playwright-core);
 * screenshots go to {@code providers/target/screenshots/}. Needs {@code npm ci} in {@code themes/e2e} beforehand.
 */
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class ThemeAccessibilityIT {

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    @Test
    void themePagesHaveNoAxeViolationsOnDesktopAndPhone() throws Exception {
        Path e2e = Path.of("..", "themes", "e2e").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(e2e.resolve("node_modules")), "run 'npm ci' in " + e2e + " first");
        String base = realm.getBaseUrl();
        Api admin = new Api(base, Api.token(base, "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        ok(admin.put("self-registration/settings", Map.of("requestsPerAddressPerHour", 1000, "requestsPerIpPerHour", 100000)), 200);
        String state = ok(admin.post("domains", Map.of("type", "STATE", "name", "A11y State", "identifier", "A11YST")), 201)
                .get("id").asText();
        ok(admin.post("roles", Map.of("name", "A11y Teacher", "domainTypes", List.of("STATE"))), 201);
        ok(admin.post("self-registration/rules", Map.of("emailDomain", "a11y.example", "role", "A11y Teacher",
                "domainType", "STATE", "domainIdentifier", "A11YST")), 201);
        String link;
        try (SmtpSink smtp = new SmtpSink(1025)) {
            new SelfServicePages(base).register("pat.a11y@a11y.example", "Pat", "Able");
            SmtpSink.Mail mail = smtp.await("pat.a11y@a11y.example", 15000);
            assertTrue(mail != null, "registration mail");
            link = SelfServicePages.link(mail.data(), "complete?key=");
        }
        String login = base + "/protocol/openid-connect/auth?" + Http.form(SelfServicePages.ordered("client_id",
                SelfServicePages.CLIENT, "redirect_uri", SelfServicePages.REDIRECT, "response_type", "code", "scope", "openid", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        String register = base + "/protocol/openid-connect/registrations?" + Http.form(SelfServicePages.ordered("client_id",
                SelfServicePages.CLIENT, "redirect_uri", SelfServicePages.REDIRECT, "response_type", "code", "scope", "openid", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        String reset = base + "/login-actions/reset-credentials?client_id=" + SelfServicePages.CLIENT;
        List<Map<String, Object>> pages = new ArrayList<>();
        pages.add(page("login", login, "#kc-form-login", List.of()));
        pages.add(page("registration", login, "#kc-register-form", List.of(Map.of("click", "#kc-registration a"))));
        pages.add(page("registration-errors", register, "#input-error-email", List.of(Map.of("submit", "#kc-register"))));
        pages.add(page("check-your-email", register, "#kcedu-register-sent", List.of(
                Map.of("fill", "#email", "value", "nobody.a11y@nowhere.example"),
                Map.of("fill", "#firstName", "value", "No"), Map.of("fill", "#lastName", "value", "Body"),
                Map.of("submit", "#kc-register"))));
        pages.add(page("reset", reset, "#kc-reset-password-form", List.of()));
        pages.add(page("reset-sent", reset, "#kc-form-login", List.of(
                Map.of("fill", "#username", "value", "nobody.a11y@nowhere.example"), Map.of("submit", "#kc-form-buttons"))));
        pages.add(page("set-password", link, "#kcedu-register-password-form", List.of()));
        pages.add(page("error", base + "/kc-edu/self-registration/complete?key=not-a-token", "body", List.of()));

        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("screenshots", screenshots.toString());
        config.put("pages", pages);
        Path file = Files.createTempFile(Path.of("target"), "a11y", ".json");
        Files.writeString(file, Api.JSON.writeValueAsString(config), StandardCharsets.UTF_8);

        Process node = new ProcessBuilder("node", "a11y.mjs", file.toAbsolutePath().toString()).directory(e2e.toFile())
                .redirectErrorStream(true).start();
        boolean finished = node.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(finished, "the browser run finished in time: " + out);
        assertEquals(0, node.exitValue(), "axe violations, sideways scrolling or a failed page:\n" + out);
        assertEquals(pages.size() * 2, out.lines().filter(l -> l.startsWith("{\"page\"")).count(), out);
        for (Map<String, Object> p : pages) {
            assertTrue(Files.exists(screenshots.resolve(p.get("name") + "-phone.png")), "screenshot of " + p.get("name"));
        }
    }

    private static Map<String, Object> page(String name, String url, String expect, List<Map<String, String>> steps) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("url", url);
        p.put("expect", expect);
        p.put("steps", steps);
        return p;
    }
}
