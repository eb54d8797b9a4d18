package org.kcedu.registration.branding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;
import org.kcedu.core.ApiError;

class ContrastTest {

    @Test
    void ratiosMatchTheWcagFormula() {
        assertEquals(21.0, Contrast.ratio("#000000", "#ffffff"), 0.01);
        assertEquals(1.0, Contrast.ratio("#777777", "#777777"), 0.001);
        assertEquals(4.48, Contrast.ratio("#777777", "#ffffff"), 0.01, "the classic just-below-AA grey");
        assertTrue(Contrast.ratio("#1f4e79", "#ffffff") > 8.5, "kc-edu's own primary colour");
    }

    @Test
    void coloursCarryingTextMustReachAa() {
        assertField("primaryColor", Map.of("primaryColor", "#ffff00"));
        assertField("linkColor", Map.of("linkColor", "#aaaaaa"));
        assertField("backgroundColor", Map.of("backgroundColor", "#333333"));
        assertField("linkColor", Map.of("linkColor", "#1a5b9a", "backgroundColor", "#4a4a4a"));
        Branding.validate(new HashMap<>(Map.of("primaryColor", "#7a1f2b", "linkColor", "#1a5b9a",
                "backgroundColor", "#f4f1ec")), "Other State");
    }

    @Test
    void valuesThatWouldEscapeCssOrHtmlAreRefused() {
        assertField("primaryColor", Map.of("primaryColor", "red;}body{display:none"));
        assertField("logoUrl", Map.of("logoUrl", "javascript:alert(1)"));
        assertField("logoUrl", Map.of("logoUrl", "https://x.example/a.svg');}"));
        assertField("footerText", Map.of("footerText", "<script>alert(1)</script>"));
        assertFalse(Contrast.isHexColour("#fff"));
    }

    private static void assertField(String field, Map<String, String> values) {
        WebApplicationException e = assertThrows(WebApplicationException.class,
                () -> Branding.validate(new HashMap<>(values), null));
        assertEquals(400, e.getResponse().getStatus());
        assertEquals(field, ((ApiError) e.getResponse().getEntity()).field());
    }
}
