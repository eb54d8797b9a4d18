package org.kcedu.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

/** {@link Scope#within}: an export limited to a domain never shows more than the unlimited export would. */
class ScopeWithinTest {

    /** state ST > districts DA, DB > schools SA1 (in DA), SB1 (in DB). */
    private static final Map<String, String> PARENT = Map.of("DA", "ST", "DB", "ST", "SA1", "DA", "SB1", "DB");

    private static final BiPredicate<String, String> AT_OR_BELOW = (d, root) -> {
        for (String x = d; x != null; x = PARENT.get(x)) {
            if (x.equals(root)) {
                return true;
            }
        }
        return false;
    };

    @Test
    void unrestrictedCallersGetTheDomainsSubtree() {
        assertEquals(Scope.of(List.of(new Scope.Root("DB", null))), Scope.unrestrictedScope().within("DB", AT_OR_BELOW));
    }

    @Test
    void aRootAboveTheDomainNarrowsToTheDomainKeepingItsLimits() {
        Scope mathInDa = Scope.of(List.of(new Scope.Root("DA", "MATH", Set.of("teacher"))));
        assertEquals(Scope.of(List.of(new Scope.Root("SA1", "MATH", Set.of("teacher")))), mathInDa.within("SA1", AT_OR_BELOW));
    }

    @Test
    void rootsBelowTheDomainStayAndOthersGo() {
        Scope two = Scope.of(List.of(new Scope.Root("SA1", null), new Scope.Root("DB", null)));
        assertEquals(two, two.within("ST", AT_OR_BELOW), "a domain above every root changes nothing");
        assertEquals(Scope.of(List.of(new Scope.Root("SA1", null))), two.within("DA", AT_OR_BELOW));
        assertTrue(Scope.of(List.of(new Scope.Root("DA", null))).within("SB1", AT_OR_BELOW).isEmpty(),
                "a domain outside the scope shows nothing");
        assertTrue(Scope.none().within("ST", AT_OR_BELOW).isEmpty());
    }
}
