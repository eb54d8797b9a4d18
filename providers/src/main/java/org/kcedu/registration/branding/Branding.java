package org.kcedu.registration.branding;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.kcedu.core.ApiError;
import org.kcedu.registration.JsonFields;
import org.keycloak.models.RealmModel;

/**
 * A realm's look (requirements §4.3), stored as realm attributes {@code kcedu.branding.*} so that it changes without a
 * rebuild; the kc-edu login theme ({@code footer.ftl}) and e-mail theme read them through {@code realm.attributes}.
 * Every value is validated before it is stored (colours {@code #rrggbb}, links http(s) only, plain text) because the
 * templates put them into CSS and HTML. Colours must reach WCAG 2.0 AA (4.5:1) where they carry text.
 */
public final class Branding {

    public static final String PREFIX = "kcedu.branding.";
    /** The text colour the theme uses on the page background (footer, labels). */
    static final String BODY_TEXT = "#3c3f42";
    static final String WHITE = "#ffffff";

    /** Field name -> whether it is a colour. Order is the order of the JSON answer. */
    static final Map<String, Boolean> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("logoUrl", false);
        FIELDS.put("primaryColor", true);
        FIELDS.put("linkColor", true);
        FIELDS.put("backgroundColor", true);
        FIELDS.put("footerText", false);
        FIELDS.put("helpUrl", false);
        FIELDS.put("helpText", false);
        FIELDS.put("accessibilityUrl", false);
    }

    private Branding() {
    }

    /** The realm's branding: {@code displayName} plus every field that is set. */
    public static Map<String, Object> read(RealmModel realm) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("displayName", realm.getDisplayName());
        for (String f : FIELDS.keySet()) {
            String v = realm.getAttribute(PREFIX + f);
            if (v != null) {
                out.put(f, v);
            }
        }
        return out;
    }

    /**
     * Validates the whole change against the resulting look, then writes it; a field given as {@code null} or
     * {@code ""} is removed (the theme's default applies). Returns the changed fields (before, after) for the audit.
     */
    public static Map<String, String[]> write(RealmModel realm, Map<String, Object> body) {
        Set<String> allowed = new java.util.HashSet<>(FIELDS.keySet());
        allowed.add("displayName");
        JsonFields in = new JsonFields(body, allowed);
        Map<String, String> next = new LinkedHashMap<>();
        for (String f : FIELDS.keySet()) {
            next.put(f, in.has(f) ? blankToNull(in.string(f)) : realm.getAttribute(PREFIX + f));
        }
        String displayName = in.has("displayName") ? blankToNull(in.string("displayName")) : realm.getDisplayName();
        validate(next, displayName);
        Map<String, String[]> changes = new LinkedHashMap<>();
        if (!java.util.Objects.equals(displayName, realm.getDisplayName())) {
            changes.put("displayName", new String[]{realm.getDisplayName(), displayName});
            realm.setDisplayName(displayName);
            // The HTML variant would win over the plain name on the login page; it is derived, never free HTML.
            realm.setDisplayNameHtml(displayName == null ? null
                    : "<span class=\"kcedu-brand\">" + org.keycloak.common.util.HtmlUtils.escapeAttribute(displayName) + "</span>");
        }
        next.forEach((f, v) -> {
            String before = realm.getAttribute(PREFIX + f);
            if (!java.util.Objects.equals(before, v)) {
                changes.put(f, new String[]{before, v});
                if (v == null) {
                    realm.removeAttribute(PREFIX + f);
                } else {
                    realm.setAttribute(PREFIX + f, v);
                }
            }
        });
        return changes;
    }

    static void validate(Map<String, String> b, String displayName) {
        if (displayName != null && (displayName.length() > 120 || !plain(displayName))) {
            throw ApiError.badRequest("displayName", "displayName must be plain text of at most 120 characters");
        }
        for (Map.Entry<String, Boolean> f : FIELDS.entrySet()) {
            String v = b.get(f.getKey());
            if (v == null) {
                continue;
            }
            if (f.getValue()) {
                if (!Contrast.isHexColour(v)) {
                    throw ApiError.badRequest(f.getKey(), f.getKey() + " must be a colour #rrggbb");
                }
            } else if (f.getKey().endsWith("Url")) {
                url(f.getKey(), v);
            } else if (v.length() > 300 || !plain(v)) {
                throw ApiError.badRequest(f.getKey(), f.getKey() + " must be plain text of at most 300 characters");
            }
        }
        String background = b.getOrDefault("backgroundColor", null);
        String card = WHITE; // forms sit on a white card whatever the page background
        if (b.get("primaryColor") != null) {
            contrast("primaryColor", WHITE, b.get("primaryColor"), "white button text on the primary colour");
        }
        if (b.get("linkColor") != null) {
            contrast("linkColor", b.get("linkColor"), card, "links on the white form card");
            if (background != null) {
                contrast("linkColor", b.get("linkColor"), background, "footer links on the page background");
            }
        }
        if (background != null) {
            contrast("backgroundColor", BODY_TEXT, background, "footer text (" + BODY_TEXT + ") on the page background");
        }
    }

    private static void contrast(String field, String fg, String bg, String what) {
        double r = Contrast.ratio(fg, bg);
        if (r < Contrast.AA) {
            throw ApiError.badRequest(field, "Contrast of " + what + " is " + Contrast.format(r)
                    + "; WCAG 2.0 AA needs at least 4.5:1 (" + fg + " on " + bg + ")");
        }
    }

    private static void url(String field, String v) {
        try {
            URI u = new URI(v);
            boolean web = "https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme());
            if (!web || u.getHost() == null || v.length() > 500 || v.contains("'") || v.contains("\"") || v.contains(")")
                    || v.contains("\\") || v.contains("<")) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw ApiError.badRequest(field, field + " must be an absolute http(s) URL without quotes, parentheses or '<'");
        }
    }

    private static boolean plain(String s) {
        return s.chars().noneMatch(c -> c == '<' || c == '>' || c < 0x20);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
