package org.kcedu.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmailDomainTest {

    @Test
    void exactHostMatchesOnlyItself() {
        assertTrue(EmailDomain.matches(EmailDomain.hostOf("ann@allowed.edu"), "allowed.edu", false));
        assertFalse(EmailDomain.matches(EmailDomain.hostOf("ann@sub.allowed.edu"), "allowed.edu", false));
        assertFalse(EmailDomain.matches(EmailDomain.hostOf("ann@allowed.edu.evil.com"), "allowed.edu", true));
        assertFalse(EmailDomain.matches(EmailDomain.hostOf("ann@notallowed.edu"), "allowed.edu", true));
        assertFalse(EmailDomain.matches(EmailDomain.hostOf("ann@evil-allowed.edu"), "allowed.edu", true));
    }

    @Test
    void subdomainsOnlyWithTheFlag() {
        assertTrue(EmailDomain.matches(EmailDomain.hostOf("ann@sub.allowed.edu"), "allowed.edu", true));
        assertTrue(EmailDomain.matches(EmailDomain.hostOf("ann@a.b.allowed.edu"), "allowed.edu", true));
        assertTrue(EmailDomain.matches(EmailDomain.hostOf("ann@allowed.edu"), "allowed.edu", true));
    }

    @Test
    void upperCaseAndOneTrailingDotAreTheSameHost() {
        assertEquals("allowed.edu", EmailDomain.hostOf("Ann@ALLOWED.Edu"));
        assertEquals("allowed.edu", EmailDomain.hostOf("ann@allowed.edu."));
        assertEquals("allowed.edu", EmailDomain.normalise(" Allowed.EDU. "));
        assertNull(EmailDomain.hostOf("ann@allowed.edu.."));
    }

    @Test
    void notPlainDnsNamesNeverMatch() {
        assertNull(EmailDomain.hostOf("ann"));
        assertNull(EmailDomain.hostOf("ann@"));
        assertNull(EmailDomain.hostOf("a@b@allowed.edu"));
        assertNull(EmailDomain.hostOf("ann@allowed .edu"));
        assertNull(EmailDomain.hostOf("ann@-allowed.edu"));
        assertNull(EmailDomain.hostOf("ann@allowed.edu/x"));
        assertNull(EmailDomain.normalise("*.allowed.edu"));
        assertNull(EmailDomain.normalise("allowed\u0130.edu"));
        assertFalse(EmailDomain.matches(null, "allowed.edu", true));
    }
}
