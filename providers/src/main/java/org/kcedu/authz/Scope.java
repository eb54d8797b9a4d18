package org.kcedu.authz;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What part of the directory a caller may see: everything, or the subtrees below a set of admin roots (each
 * optionally limited to one subject). List and search queries take a Scope and filter IN THE DATABASE by joining
 * EDU_DOMAIN_CLOSURE on the root domain ids, so a district admin's page of 20 never loads other districts.
 */
public record Scope(boolean unrestricted, Set<Root> roots) {

    /** An admin root: the subtree under {@code domainId}, limited to {@code subjectId} when not null. */
    public record Root(String domainId, String subjectId) {
    }

    private static final Scope ALL = new Scope(true, Set.of());
    private static final Scope NOTHING = new Scope(false, Set.of());

    public Scope {
        roots = Set.copyOf(roots);
    }

    public static Scope unrestrictedScope() {
        return ALL;
    }

    public static Scope none() {
        return NOTHING;
    }

    public static Scope of(Collection<Root> roots) {
        return new Scope(false, new LinkedHashSet<>(roots));
    }

    /** True when the caller can see nothing at all: queries short-circuit to empty. */
    public boolean isEmpty() {
        return !unrestricted && roots.isEmpty();
    }

    public Set<String> rootDomainIds() {
        return roots.stream().map(Root::domainId).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
