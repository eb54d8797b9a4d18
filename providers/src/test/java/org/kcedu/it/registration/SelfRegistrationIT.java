package org.kcedu.it.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.support.Api.ok;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.Http;
import org.kcedu.it.support.KcEduServerConfig;
import org.kcedu.it.support.OidcCodeFlow;
import org.kcedu.it.support.SmtpSink;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Self-registration by authorized e-mail domain and the forgot-password form (requirements §7, §4.3), through the
 * real pages of the demo realm with an SMTP sink: what each outcome mails, that the pages cannot tell the outcomes
 * apart, and the link's single use, expiry and binding to the address.
 */
@Tag("persistence")
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfRegistrationIT {

    private static final String PASSWORD = "Registered-pass-2026";

    @InjectRealm(config = DirectoryRealmConfig.class)
    ManagedRealm realm;

    private Api admin;
    private SmtpSink smtp;
    private SelfServicePages pages;
    private String districtId;

    @BeforeEach
    void setUpOnce() throws Exception {
        if (admin != null) {
            return;
        }
        smtp = new SmtpSink(1025);
        pages = new SelfServicePages(realm.getBaseUrl());
        admin = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        String state = ok(admin.post("domains", Map.of("type", "STATE", "name", "Reg State", "identifier", "REGST")), 201).get("id").asText();
        districtId = ok(admin.post("domains", Map.of("type", "DISTRICT", "name", "Reg District", "identifier", "REGD1",
                "parentId", state)), 201).get("id").asText();
        ok(admin.post("roles", Map.of("name", "Reg Teacher", "domainTypes", List.of("STATE", "DISTRICT", "SCHOOL"))), 201);
        ok(admin.post("self-registration/rules", Map.of("emailDomain", "Allowed.EDU.", "role", "Reg Teacher",
                "domainType", "DISTRICT", "domainIdentifier", "REGD1")), 201);
        ok(admin.post("self-registration/rules", Map.of("emailDomain", "district.example", "includeSubdomains", true,
                "role", "Reg Teacher", "domainType", "DISTRICT", "domainIdentifier", "REGD1")), 201);
        ok(admin.put("self-registration/settings", Map.of("requestsPerAddressPerHour", 1000, "requestsPerIpPerHour", 100000)), 200);
    }

    @AfterAll
    void stopSmtp() throws Exception {
        if (smtp != null) {
            smtp.close();
        }
    }

    // ---- configuration (§7.1) ----

    @Test
    void rulesAreForRealmAdminsAndValidatedFieldByField() throws Exception {
        assertEquals(401, new Api(realm.getBaseUrl(), null).get("self-registration/rules").statusCode());
        Api teacher = new Api(realm.getBaseUrl(), Api.token(realm.getBaseUrl(), "teacher@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        assertEquals(403, teacher.get("self-registration/rules").statusCode());
        assertEquals(403, teacher.post("self-registration/rules", rule("x.example")).statusCode());
        assertEquals(403, teacher.put("branding", Map.of("footerText", "x")).statusCode());

        assertField(admin.post("self-registration/rules", rule("*.allowed.edu")), 400, "emailDomain");
        assertField(admin.post("self-registration/rules", rule("allowed.edu/.*")), 400, "emailDomain");
        Map<String, Object> unknown = new HashMap<>(rule("y.example"));
        unknown.put("regex", ".*");
        assertField(admin.post("self-registration/rules", unknown), 400, "regex");
        Map<String, Object> noRole = new HashMap<>(rule("z.example"));
        noRole.put("role", "No Such Role");
        assertField(admin.post("self-registration/rules", noRole), 400, "role");
        assertField(admin.post("self-registration/rules", rule("ALLOWED.edu")), 409, "emailDomain");

        JsonNode list = ok(admin.get("self-registration/rules"), 200);
        JsonNode allowed = null;
        for (JsonNode r : list) {
            if (r.get("emailDomain").asText().equals("allowed.edu")) {
                allowed = r;
            }
        }
        assertNotNull(allowed, "stored lower-case without the trailing dot: " + list);
        assertFalse(allowed.get("includeSubdomains").asBoolean());
        assertEquals("Reg Teacher", allowed.get("role").asText());
        assertEquals("REGD1", allowed.get("domainIdentifier").asText());

        JsonNode created = ok(admin.post("self-registration/rules", rule("temp.example")), 201);
        String id = created.get("id").asText();
        assertField(admin.put("self-registration/rules/" + id, Map.of("emailDomain", "other.example", "role", "Reg Teacher",
                "domainType", "DISTRICT", "domainIdentifier", "REGD1")), 400, "emailDomain");
        assertEquals(204, admin.delete("self-registration/rules/" + id).statusCode());
        assertEquals(404, admin.get("self-registration/rules/" + id).statusCode());
    }

    // ---- registration (§7.2.1) ----

    @Test
    void registrationInAnAuthorizedDomainMailsASingleUseLinkThatCreatesAVerifiedUserWithTheRole() throws Exception {
        String email = "ann.reg@allowed.edu";
        HttpResponse<String> sent = pages.register(email, "Ann", "Reg");
        assertEquals(200, sent.statusCode());
        assertTrue(sent.body().contains("kcedu-register-sent"), sent.body());
        String link = SelfServicePages.link(await(email).data(), "/kc-edu/self-registration/complete?key=");
        Thread.sleep(500);
        assertEquals(1, mailsTo(email), "exactly one mail");

        Http browser = new Http();
        HttpResponse<String> form = browser.get(link);
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("kcedu-register-password-form"), form.body());
        String action = SelfServicePages.action(form.body(), "kcedu-register-password-form");
        String key = link.substring(link.indexOf("key=") + 4);

        HttpResponse<String> weak = browser.postForm(action, SelfServicePages.ordered("key", key, "password", "short",
                "password-confirm", "short"));
        assertEquals(200, weak.statusCode());
        assertTrue(weak.body().contains("kcedu-register-password-form"), "realm password policy applies: " + weak.body());
        assertTrue(realm.admin().users().searchByEmail(email, true).isEmpty(), "nothing created yet");

        HttpResponse<String> done = browser.postForm(action, SelfServicePages.ordered("key", key, "password", PASSWORD,
                "password-confirm", PASSWORD));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("kcedu-register-done"), done.body());

        UserRepresentation u = realm.admin().users().searchByEmail(email, true).get(0);
        assertTrue(u.isEmailVerified());
        assertEquals("Ann", u.getFirstName());
        assertEquals("Reg", u.getLastName());
        JsonNode tokens = new OidcCodeFlow(realm.getBaseUrl(), "demo-portal", EduRealmConfig.clientSecret("demo-portal"),
                SelfServicePages.REDIRECT).login(email, PASSWORD);
        JsonNode claims = OidcCodeFlow.claims(tokens.get("access_token").asText());
        assertTrue(claims.get("kcedu_roles").toString().contains("Reg Teacher"), claims.toString());
        assertTrue(claims.get("kcedu_roles").toString().contains("REGD1"), claims.toString());

        HttpResponse<String> again = new Http().get(link);
        assertEquals(400, again.statusCode(), "a used link is refused");
        assertTrue(again.body().contains("cannot be used"), again.body());
        HttpResponse<String> replay = new Http().postForm(action, SelfServicePages.ordered("key", key, "password", PASSWORD,
                "password-confirm", PASSWORD));
        assertEquals(400, replay.statusCode(), "a used link is refused on submit too");
    }

    @Test
    void aLinkAlteredToAnotherAddressIsRefused() throws Exception {
        String email = "bob.reg@allowed.edu";
        pages.register(email, "Bob", "Reg");
        String link = SelfServicePages.link(await(email).data(), "complete?key=");
        String key = link.substring(link.indexOf("key=") + 4);
        String[] jwt = key.split("\\.");
        ObjectNode payload = (ObjectNode) Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertEquals(email, payload.get("eml").asText(), "the link is bound to the address");
        payload.put("eml", "mallory.reg@allowed.edu");
        String forged = jwt[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Api.JSON.writeValueAsBytes(payload)) + "." + jwt[2];
        HttpResponse<String> r = new Http().get(link.replace(key, forged));
        assertEquals(400, r.statusCode());
        assertTrue(realm.admin().users().searchByEmail("mallory.reg@allowed.edu", true).isEmpty());
        assertEquals(200, new Http().get(link).statusCode(), "the genuine link still works");
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        ok(admin.put("self-registration/settings", Map.of("linkLifetimeSeconds", 1)), 200);
        try {
            String email = "cy.reg@allowed.edu";
            pages.register(email, "Cy", "Reg");
            String link = SelfServicePages.link(await(email).data(), "complete?key=");
            Thread.sleep(2500);
            assertEquals(400, new Http().get(link).statusCode());
        } finally {
            ok(admin.put("self-registration/settings", Map.of("linkLifetimeSeconds", 86400)), 200);
        }
    }

    @Test
    void hostsMatchExactlyUnlessSubdomainsAreIncludedAndCaseAndTrailingDotDoNotMatter() throws Exception {
        pages.register("Dee.Reg@ALLOWED.EDU.", "Dee", "Reg");
        assertNotNull(await("dee.reg@allowed.edu"), "upper case and a trailing dot: the canonical address gets the link");
        pages.register("eve.reg@sub.district.example", "Eve", "Reg");
        assertNotNull(await("eve.reg@sub.district.example"), "a subdomain of a rule that includes subdomains");
        pages.register("fay.reg@sub.allowed.edu", "Fay", "Reg");
        pages.register("gus.reg@allowed.edu.evil.com", "Gus", "Reg");
        pages.register("hal.reg@notallowed.edu", "Hal", "Reg");
        Thread.sleep(2000);
        assertEquals(0, mailsTo("fay.reg@sub.allowed.edu"), "allowed.edu does not include subdomains");
        assertEquals(0, mailsTo("gus.reg@allowed.edu.evil.com"));
        assertEquals(0, mailsTo("hal.reg@notallowed.edu"));
        assertTrue(realm.admin().users().searchByEmail("gus.reg@allowed.edu.evil.com", true).isEmpty());
    }

    @Test
    void registeringAnExistingAddressAnswersTheSamePageAndMailsAResetOffer() throws Exception {
        String existing = "teacher@kc-edu.example";
        HttpResponse<String> forExisting = pages.register(existing, "Tea", "Cher");
        HttpResponse<String> forNew = pages.register("ida.reg@allowed.edu", "Tea", "Cher");
        HttpResponse<String> forUnauthorized = pages.register("ida.reg@nowhere.example", "Tea", "Cher");
        String a = SelfServicePages.comparable(forExisting, existing);
        assertEquals(a, SelfServicePages.comparable(forNew, "ida.reg@allowed.edu"), "existing vs new authorized");
        assertEquals(a, SelfServicePages.comparable(forUnauthorized, "ida.reg@nowhere.example"), "existing vs new unauthorized");
        String mail = SelfServicePages.decoded(await(existing).data());
        assertTrue(mail.contains("/login-actions/reset-credentials"), "offers a password reset: " + mail);
        assertFalse(mail.contains("self-registration/complete"), "and no registration link");
    }

    // ---- forgot password (§7.2.3) ----

    @Test
    void forgotPasswordMirrorsRegistration() throws Exception {
        HttpResponse<String> unknownAuthorized = pages.forgot("jo.reg@allowed.edu");
        HttpResponse<String> unknownElsewhere = pages.forgot("jo.reg@nowhere.example");
        HttpResponse<String> existing = pages.forgot("viewer@kc-edu.example");
        String a = SelfServicePages.comparable(unknownAuthorized, "jo.reg@allowed.edu");
        assertEquals(a, SelfServicePages.comparable(unknownElsewhere, "jo.reg@nowhere.example"), "unknown authorized vs unknown elsewhere");
        assertEquals(a, SelfServicePages.comparable(existing, "viewer@kc-edu.example"), "unknown vs existing");

        String offer = SelfServicePages.decoded(await("jo.reg@allowed.edu").data());
        assertTrue(offer.contains("openid-connect/registrations"), "offers registration: " + offer);
        String reset = SelfServicePages.decoded(await("viewer@kc-edu.example").data());
        assertTrue(reset.contains("/login-actions/action-token?key="), "the normal reset link: " + reset);
        Thread.sleep(1500);
        assertEquals(0, mailsTo("jo.reg@nowhere.example"), "nothing for an unknown address elsewhere");
    }

    // ---- abuse protection ----

    @Test
    void requestsPerAddressAreLimitedWithAClearMessage() throws Exception {
        ok(admin.put("self-registration/settings", Map.of("requestsPerAddressPerHour", 2)), 200);
        try {
            String email = "kim.limit@nowhere.example";
            assertTrue(pages.register(email, "Kim", "Limit").body().contains("kcedu-register-sent"));
            assertTrue(pages.register(email, "Kim", "Limit").body().contains("kcedu-register-sent"));
            HttpResponse<String> third = pages.register(email, "Kim", "Limit");
            assertTrue(third.body().contains("Too many requests"), third.body());
            assertTrue(pages.register("lou.limit@nowhere.example", "Lou", "Limit").body().contains("kcedu-register-sent"),
                    "another address is not affected");
        } finally {
            ok(admin.put("self-registration/settings", Map.of("requestsPerAddressPerHour", 1000)), 200);
        }
    }

    // ---- branding (§4.3) ----

    @Test
    void brandingIsValidatedForContrastAndShownOnTheLoginPages() throws Exception {
        assertField(admin.put("branding", Map.of("primaryColor", "#ffff00")), 400, "primaryColor");
        HttpResponse<String> low = admin.put("branding", Map.of("linkColor", "#aaaaaa"));
        assertField(low, 400, "linkColor");
        assertTrue(low.body().contains("4.5:1"), low.body());
        assertField(admin.put("branding", Map.of("logoUrl", "javascript:alert(1)")), 400, "logoUrl");
        assertField(admin.put("branding", Map.of("footerText", "<script>")), 400, "footerText");
        assertField(admin.put("branding", Map.of("colour", "#000000")), 400, "colour");
        try {
            JsonNode b = ok(admin.put("branding", Map.of("primaryColor", "#7a1f2b", "footerText", "Operated by the Demo Other State",
                    "helpUrl", "https://help.other-state.example/")), 200);
            assertEquals("#7a1f2b", b.get("primaryColor").asText());
            HttpResponse<String> page = pages.openRegistration(new Http());
            assertTrue(page.body().contains("--keycloak-card-top-color: #7a1f2b"), page.body());
            assertTrue(page.body().contains("Operated by the Demo Other State"));
            assertTrue(page.body().contains("https://help.other-state.example/"));
        } finally {
            Map<String, Object> clear = new HashMap<>();
            clear.put("primaryColor", null);
            clear.put("footerText", null);
            clear.put("helpUrl", null);
            ok(admin.put("branding", clear), 200);
        }
    }

    // ---- self-service e-mail change (§5.2.2.2) ----

    @Test
    void theAccountApiCannotChangeTheEmailDirectly() throws Exception {
        String token = Api.token(realm.getBaseUrl(), "viewer@kc-edu.example", EduRealmConfig.DEMO_PASSWORD);
        Http http = new Http();
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        assertEquals(200, me.statusCode(), me.body());
        ObjectNode rep = (ObjectNode) Api.JSON.readTree(me.body());
        rep.put("email", "viewer.moved@kc-edu.example");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(rep.toString(), StandardCharsets.UTF_8)));
        UserRepresentation after = realm.admin().users().searchByEmail("viewer@kc-edu.example", true).stream()
                .findFirst().orElse(null);
        assertNotNull(after, "the address did not change (account API answered " + post.statusCode() + ": " + post.body() + ")");
        assertTrue(post.statusCode() >= 400, "refused, not silently ignored: " + post.statusCode() + " " + post.body());
    }

    @Test
    void aSelfServiceEmailChangeWaitsForTheNewAddressesLinkAndNoticesTheOldOne() throws Exception {
        String oldEmail = "mover.old@allowed.edu";
        String newEmail = "mover.new@allowed.edu";
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(oldEmail);
        rep.setEmail(oldEmail);
        rep.setEmailVerified(true);
        rep.setFirstName("Mo");
        rep.setLastName("Ver");
        rep.setEnabled(true);
        String userId;
        try (var created = realm.admin().users().create(rep)) {
            assertEquals(201, created.getStatus());
            userId = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(created);
        }
        var credential = new org.keycloak.representations.idm.CredentialRepresentation();
        credential.setType("password");
        credential.setValue(PASSWORD);
        credential.setTemporary(false);
        realm.admin().users().get(userId).resetPassword(credential);

        // The account console's "update e-mail" is Keycloak's UPDATE_EMAIL action, asked for with kc_action.
        Http browser = new Http();
        HttpResponse<String> login = browser.get(realm.getBaseUrl() + "/protocol/openid-connect/auth?" + Http.form(
                SelfServicePages.ordered("client_id", SelfServicePages.CLIENT, "redirect_uri", SelfServicePages.REDIRECT,
                        "response_type", "code", "scope", "openid", "kc_action", "UPDATE_EMAIL",
                        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256")));
        assertEquals(200, login.statusCode(), login.body());
        HttpResponse<String> form = SelfServicePages.follow(browser, browser.postForm(
                SelfServicePages.action(login.body(), "kc-form-login"),
                SelfServicePages.ordered("username", oldEmail, "password", PASSWORD, "credentialId", "")));
        assertEquals(200, form.statusCode(), form.body());
        HttpResponse<String> sent = browser.postForm(SelfServicePages.action(form.body(), "kc-update-email-form"),
                SelfServicePages.ordered("email", newEmail));
        assertTrue(sent.statusCode() < 400, sent.statusCode() + " " + sent.body());
        String link = SelfServicePages.link(await(newEmail).data(), "/login-actions/action-token?key=");

        UserRepresentation pending = realm.admin().users().get(userId).toRepresentation();
        assertEquals(oldEmail, pending.getEmail(), "nothing changes before the new address's link is followed");
        assertEquals(0, mailsTo(oldEmail), "no notice before the change happened");

        HttpResponse<String> confirmed = SelfServicePages.follow(browser, browser.get(link));
        assertTrue(confirmed.statusCode() < 400, confirmed.statusCode() + " " + confirmed.body());
        UserRepresentation after = realm.admin().users().get(userId).toRepresentation();
        assertEquals(newEmail, after.getEmail());
        assertTrue(after.isEmailVerified());

        String notice = SelfServicePages.decoded(await(oldEmail).data());
        assertTrue(notice.contains(newEmail), "the old address is told which address the account moved to: " + notice);

        JsonNode trail = ok(admin.get("audit?target=" + userId + "&action=EMAIL_CHANGE"), 200);
        assertEquals(1, trail.size(), trail.toString());
        assertEquals("SELF_SERVICE", trail.get(0).get("entryPoint").asText(), trail.toString());
        assertTrue(trail.get(0).toString().contains(oldEmail) && trail.get(0).toString().contains(newEmail),
                "the audit records the old and the new address: " + trail);
        assertTrue(new Http().get(link).statusCode() >= 400, "the confirmation link works once");
    }

    // ---- e-mail changes of self-registered users stay in authorized domains (§7.2.4) ----

    @Test
    void aSelfRegisteredUsersEmailMovesOnlyIntoAnAuthorizedDomainOnEveryAdministrativePath() throws Exception {
        String selfRegistered = registerThroughTheMailedLink("sam.self@allowed.edu");
        String adminMade = user("ada.admin-made@allowed.edu");

        // kc-edu's REST API: refused naming the field, nothing changed
        HttpResponse<String> out = admin.put("users/" + selfRegistered, Map.of("email", "sam.self@elsewhere.example"));
        assertField(out, 400, "email");
        assertTrue(Api.JSON.readTree(out.body()).get("message").asText().contains("authorized for self-registration"), out.body());
        assertEquals("sam.self@allowed.edu", realm.admin().users().get(selfRegistered).toRepresentation().getEmail());
        // Keycloak's own admin API reaches the same rule through the user profile
        UserRepresentation rep = realm.admin().users().get(selfRegistered).toRepresentation();
        rep.setEmail("sam.self@elsewhere.example");
        try {
            realm.admin().users().get(selfRegistered).update(rep);
            org.junit.jupiter.api.Assertions.fail("Keycloak's admin API accepted an unauthorized domain");
        } catch (jakarta.ws.rs.BadRequestException expected) {
            // refused by the user-profile validator
        }
        assertEquals("sam.self@allowed.edu", realm.admin().users().get(selfRegistered).toRepresentation().getEmail());

        // bulk users: the row is refused with the reason (the state admin sees the user), nothing changed
        org.kcedu.it.bulk.BulkClient bulk = new org.kcedu.it.bulk.BulkClient(realm.getBaseUrl(),
                Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        JsonNode job = bulk.importAndWait("users", "username,email,new_email\r\nsam.self@allowed.edu,sam.self@allowed.edu,"
                + "sam.self@elsewhere.example\r\n", false);
        assertEquals(1, job.get("rejected").asInt(), job.toString());
        assertEquals(0, job.get("updated").asInt(), job.toString());
        assertTrue(bulk.errors("users", job).contains("authorized for self-registration"), bulk.errors("users", job));
        assertEquals("sam.self@allowed.edu", realm.admin().users().get(selfRegistered).toRepresentation().getEmail());

        // into an authorized domain (a subdomain of a rule with includeSubdomains) it moves
        ok(admin.put("users/" + selfRegistered, Map.of("email", "sam.self@north.district.example")), 200);
        // the rule is about self-registered accounts: an administrator's user is the administrator's to move
        ok(admin.put("users/" + adminMade, Map.of("email", "ada@elsewhere.example")), 200);
    }

    @Test
    void aRuleWhoseRoleWasDeletedStaysListedEmptyAndTheOthersWithIt() throws Exception {
        ok(admin.post("roles", Map.of("name", "Short-lived Role", "domainTypes", List.of("DISTRICT"))), 201);
        ok(admin.post("self-registration/rules", Map.of("emailDomain", "short-lived.example", "role", "Short-lived Role",
                "domainType", "DISTRICT", "domainIdentifier", "REGD1")), 201);
        assertEquals(204, admin.delete("roles/" + java.net.URLEncoder.encode("Short-lived Role", StandardCharsets.UTF_8)
                .replace("+", "%20")).statusCode());
        JsonNode list = ok(admin.get("self-registration/rules"), 200);
        boolean sawBroken = false;
        boolean sawOthers = false;
        for (JsonNode r : list) {
            if (r.get("emailDomain").asText().equals("short-lived.example")) {
                sawBroken = r.get("role") == null || r.get("role").isNull();
            } else if (r.get("emailDomain").asText().equals("allowed.edu")) {
                sawOthers = true;
            }
        }
        assertTrue(sawBroken, "the broken rule is listed without its role: " + list);
        assertTrue(sawOthers, "the other rules are still listed: " + list);
    }

    // ---- the bulk kind self-registration (§7.1, §5.3) ----

    @Test
    void rulesRoundTripThroughTheBulkKindAndOnlyRealmAdminsImportThem() throws Exception {
        org.kcedu.it.bulk.BulkClient bulk = new org.kcedu.it.bulk.BulkClient(realm.getBaseUrl(),
                Api.token(realm.getBaseUrl(), "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        String file = "email_domain,role,domain_type,domain_identifier\r\n"
                + "Bulk-One.example,Reg Teacher,DISTRICT,REGD1\r\n"
                + "bulk-two.example,Reg Teacher,DISTRICT,REGD1\r\n"
                + "bulk-bad.example,No Such Role,DISTRICT,REGD1\r\n";
        JsonNode job = bulk.importAndWait("self-registration", file, false);
        assertEquals(2, job.get("created").asInt(), job.toString());
        assertEquals(1, job.get("rejected").asInt(), job.toString());
        assertTrue(bulk.errors("self-registration", job).contains("No Such Role"), bulk.errors("self-registration", job));
        String rules = ok(admin.get("self-registration/rules"), 200).toString();
        assertTrue(rules.contains("\"bulk-one.example\"") && rules.contains("\"bulk-two.example\""), rules);

        // the export reads back unchanged; a DELETE row removes its rule
        String export = bulk.export("self-registration");
        assertTrue(export.contains("bulk-one.example"), export);
        JsonNode again = bulk.importAndWait("self-registration", export, false);
        assertEquals(0, again.get("created").asInt() + again.get("updated").asInt() + again.get("rejected").asInt(), again.toString());
        JsonNode delete = bulk.importAndWait("self-registration", "email_domain,action\r\nbulk-two.example,DELETE\r\n", false);
        assertEquals(1, delete.get("deleted").asInt(), delete.toString());
        assertFalse(ok(admin.get("self-registration/rules"), 200).toString().contains("bulk-two.example"));

        // a user without a realm-level kc-edu role is refused, and nothing is written
        org.kcedu.it.bulk.BulkClient teacher = new org.kcedu.it.bulk.BulkClient(realm.getBaseUrl(),
                Api.token(realm.getBaseUrl(), "teacher@kc-edu.example", EduRealmConfig.DEMO_PASSWORD));
        assertEquals(403, teacher.post("self-registration", ("email_domain,role,domain_type,domain_identifier\r\n"
                + "bulk-three.example,Reg Teacher,DISTRICT,REGD1\r\n").getBytes(StandardCharsets.UTF_8), false).statusCode());
        assertFalse(ok(admin.get("self-registration/rules"), 200).toString().contains("bulk-three.example"));
    }

    /** Registers {@code email} as a new user would: the form, the mailed link, a password; answers the user's id. */
    private String registerThroughTheMailedLink(String email) throws Exception {
        assertEquals(200, pages.register(email, "Sam", "Self").statusCode());
        String link = SelfServicePages.link(await(email).data(), "/kc-edu/self-registration/complete?key=");
        Http browser = new Http();
        String action = SelfServicePages.action(browser.get(link).body(), "kcedu-register-password-form");
        String key = link.substring(link.indexOf("key=") + 4);
        HttpResponse<String> done = browser.postForm(action, SelfServicePages.ordered("key", key, "password", PASSWORD,
                "password-confirm", PASSWORD));
        assertTrue(done.body().contains("kcedu-register-done"), done.body());
        return realm.admin().users().searchByEmail(email, true).get(0).getId();
    }

    private String user(String email) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setFirstName("Test");
        u.setLastName("User");
        u.setEnabled(true);
        try (jakarta.ws.rs.core.Response r = realm.admin().users().create(u)) {
            assertEquals(201, r.getStatus());
            String path = r.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private SmtpSink.Mail await(String to) throws InterruptedException {
        SmtpSink.Mail m = smtp.await(to, 15000);
        assertNotNull(m, "a mail to " + to);
        return m;
    }

    private long mailsTo(String to) {
        return smtp.mails().stream().filter(m -> m.to().equalsIgnoreCase(to)).count();
    }

    private static Map<String, Object> rule(String domain) {
        return Map.of("emailDomain", domain, "role", "Reg Teacher", "domainType", "DISTRICT", "domainIdentifier", "REGD1");
    }

    private static void assertField(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(field, Api.JSON.readTree(r.body()).get("field").asText(), r.body());
    }
}
