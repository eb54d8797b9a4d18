package org.kcedu.registration.flow;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.kcedu.registration.branding.Branding;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

/**
 * Renders one of kc-edu's self-service e-mails from the realm's e-mail theme ({@code html/} and {@code text/}
 * {@code template}) and sends it to an address that may have no account yet, which Keycloak's
 * {@code EmailTemplateProvider} cannot do (it always writes to a user). Runs on the mail thread.
 */
final class SelfServiceMail {

    private SelfServiceMail() {
    }

    static void send(KeycloakSession session, String realmId, String to, String localeTag, String subjectKey,
                     String template, Map<String, Object> attributes) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        try {
            Theme theme = session.theme().getTheme(Theme.Type.EMAIL);
            Locale locale = localeTag == null ? Locale.ENGLISH : Locale.forLanguageTag(localeTag);
            Properties messages = theme.getEnhancedMessages(realm, locale);
            String realmName = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
            Map<String, Object> attrs = new HashMap<>(attributes);
            attrs.put("msg", new MessageFormatterMethod(locale, messages));
            attrs.put("realmName", realmName);
            attrs.put("branding", Branding.read(realm));
            attrs.put("locale", locale);
            attrs.put("properties", theme.getProperties());
            FreeMarkerProvider freemarker = session.getProvider(FreeMarkerProvider.class);
            String subject = new MessageFormat(messages.getProperty(subjectKey, subjectKey), locale)
                    .format(new Object[]{realmName});
            String text = freemarker.processTemplate(attrs, "text/" + template, theme);
            String html = freemarker.processTemplate(attrs, "html/" + template, theme);
            session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), to, subject, text, html);
        } catch (EmailException e) {
            throw new IllegalStateException("SMTP refused the " + template + " e-mail", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not render the " + template + " e-mail", e);
        }
    }
}
