package org.kcedu.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * What part of the directory a caller may see: everything, or the subtrees below a set of admin roots (each
 * optionally limited to one subject). List and search queries take a Scope and filter IN THE DATABASE by joining
 * EDU_DOMAIN_CLOSURE on the root domain ids, so a district admin's page of 20 never loads other districts.
 */
public record Scope(boolean unrestricted, Set<Root> roots) {

    /**
     * An admin root: the subtree under {@code domainId}, limited to assignments for {@code subjectId} when not null
     * and to assignments of {@code roleIds} when not empty (subject- and role-limited admins see only those).
     */
    public record Root(String domainId, String subjectId, Set<String> roleIds) {
        public Root {
            roleIds = roleIds == null ? Set.of() : Set.copyOf(roleIds);
        }

        public Root(String domainId, String subjectId) {
            this(domainId, subjectId, Set.of());
        }

        /** True when this root shows every assignment of its subtree, whatever role or subject. */
        public boolean unlimited() {
            return subjectId == null && roleIds.isEmpty();
        }
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

    /**
     * THE rule for which assignments a scoped admin sees, as a JPQL condition: assignment alias {@code a} lies in a
     * root's subtree (closure aliases start with {@code c}) and matches the root's subject and role limits. Every query
     * that filters by scope uses this, so lists, counts and single-user decisions cannot disagree.
     * Parameters are added to {@code params} with names starting with {@code prefix}. Not for unrestricted scopes.
     * Written as "domain in (the root's closure rows)" rather than a correlated EXISTS so that PostgreSQL can start from
     * the root's subtree (a semi-join) instead of testing every assignment; it never yields NULL, so callers may negate it.
     */
    public String assignmentCondition(String a, String c, String prefix, Map<String, Object> params) {
        if (roots.isEmpty()) {
            return "1 = 0";
        }
        StringBuilder any = new StringBuilder("(");
        int i = 0;
        for (Root root : roots) {
            String ci = c + i;
            any.append(i == 0 ? "" : " or ").append('(').append(a).append(".domainId in (select ").append(ci)
                    .append(".descendantId from EduDomainClosureEntity ").append(ci).append(" where ").append(ci)
                    .append(".ancestorId = :").append(prefix).append('r').append(i).append(')');
            params.put(prefix + "r" + i, root.domainId());
            if (root.subjectId() != null) {
                any.append(" and ").append(a).append(".subjectId is not null and ").append(a).append(".subjectId = :")
                        .append(prefix).append('s').append(i);
                params.put(prefix + "s" + i, root.subjectId());
            }
            if (!root.roleIds().isEmpty()) {
                any.append(" and ").append(a).append(".roleId in :").append(prefix).append('g').append(i);
                params.put(prefix + "g" + i, root.roleIds());
            }
            any.append(')');
            i++;
        }
        return any.append(')').toString();
    }

    /**
     * THE rule for which users a scoped admin sees, as a JPQL condition on a user id expression: the user holds,
     * directly or through a user group, an assignment that {@link #assignmentCondition} shows. User lists, searches
     * and the audit trail all use it. Aliases and parameter names start with {@code prefix}. Not for unrestricted scopes.
     */
    public String userCondition(String userIdExpr, String prefix, Map<String, Object> params) {
        String a = prefix + "a";
        String ga = prefix + "ga";
        String m = prefix + "m";
        String direct = assignmentCondition(a, prefix + "c", prefix, params);
        String viaGroup = assignmentCondition(ga, prefix + "gc", prefix, params);
        // IN over a UNION ALL, not a correlated EXISTS per user: PostgreSQL can then start from the scope's holders
        // (small scopes) or probe the two indexed branches while walking users (large ones), whichever is cheaper
        return userIdExpr + " in (select " + a + ".userId from EduRoleAssignmentEntity " + a + " where " + direct
                + " union all select " + m + ".userId from EduGroupMemberEntity " + m + ", EduRoleAssignmentEntity " + ga
                + " where " + ga + ".groupId = " + m + ".groupId and " + viaGroup + ")";
    }

    /**
     * This scope narrowed to the subtree under {@code domainId} (an export filtered by domain): a root at or above
     * that domain becomes the domain itself, with the root's subject and role limits; a root below it stays; other
     * roots go. {@code atOrBelow.test(d, root)} answers whether domain {@code d} lies at or below {@code root}.
     */
    public Scope within(String domainId, BiPredicate<String, String> atOrBelow) {
        if (unrestricted) {
            return of(List.of(new Root(domainId, null)));
        }
        List<Root> narrowed = new ArrayList<>();
        for (Root root : roots) {
            if (atOrBelow.test(domainId, root.domainId())) {
                narrowed.add(new Root(domainId, root.subjectId(), root.roleIds()));
            } else if (atOrBelow.test(root.domainId(), domainId)) {
                narrowed.add(root);
            }
        }
        return of(narrowed);
    }

    public Set<String> rootDomainIds() {
        return roots.stream().map(Root::domainId).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
