package org.kcedu.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.core.AuditEvent;
import org.kcedu.audit.AuditTrail;
import org.kcedu.directory.Directory;
import org.kcedu.directory.ResolvedAssignment;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.registration.jpa.EduSelfRegistrationRuleEntity;
import org.kcedu.registration.model.RuleRep;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The self-registration rules of one realm (requirements §7.1): validation (400 naming the field), writes, one audit
 * event per change, and the match of an address against the rules. Role, domain and subject are resolved and
 * checked by the directory exactly as for an assignment, so a rule can only name what could be granted.
 */
public class SelfRegistrationRules {

    /** A rule an address matched, with its assignment resolved (user id left for the registration to fill). */
    public record Match(String ruleId, String emailDomain, ResolvedAssignment assignment) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;
    private final Directory directory;
    private boolean audited = true;

    public SelfRegistrationRules(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.directory = new Directory(session, realm);
    }

    public static SelfRegistrationRules of(KeycloakSession session) {
        return new SelfRegistrationRules(session, session.getContext().getRealm());
    }

    /** For the bulk engine, which records each row's event itself (with the job and line). */
    public SelfRegistrationRules unaudited() {
        this.audited = false;
        return this;
    }

    public List<RuleRep> list() {
        return entities().stream().map(this::toRep).toList();
    }

    public RuleRep get(String id) {
        return toRep(entity(id));
    }

    /** The rule with this exact (normalised) e-mail domain, or empty. */
    public Optional<RuleRep> byDomain(String emailDomain) {
        String d = EmailDomain.normalise(emailDomain);
        return d == null ? Optional.empty() : byDomainEntity(d).map(this::toRep);
    }

    public RuleRep create(Caller caller, RuleRep rep) {
        String domain = domainField(rep);
        if (byDomainEntity(domain).isPresent()) {
            throw ApiError.conflict("emailDomain", "A rule for " + domain + " already exists");
        }
        ResolvedAssignment a = resolve(rep);
        EduSelfRegistrationRuleEntity e = new EduSelfRegistrationRuleEntity();
        e.setId(UUID.randomUUID().toString());
        e.setRealmId(realm.getId());
        e.setEmailDomain(domain);
        e.setCreatedAt(System.currentTimeMillis());
        apply(e, rep, a);
        em.persist(e);
        em.flush();
        RuleRep out = toRep(e);
        audit(caller, "SELF_REGISTRATION_RULE_CREATE", e.getId(), b -> b.change("emailDomain", null, out.emailDomain)
                .change("includeSubdomains", null, out.includeSubdomains).change("role", null, out.role)
                .change("domain", null, out.domainType + ":" + out.domainIdentifier).change("subject", null, out.subject));
        return out;
    }

    /** Replaces role, domain, subject and the subdomain flag; the e-mail domain is the rule's key and cannot change. */
    public RuleRep update(Caller caller, String id, RuleRep rep) {
        EduSelfRegistrationRuleEntity e = entity(id);
        if (rep.emailDomain != null && !e.getEmailDomain().equals(EmailDomain.normalise(rep.emailDomain))) {
            throw ApiError.badRequest("emailDomain", "The e-mail domain of a rule cannot change: delete it and create another");
        }
        RuleRep before = toRep(e);
        apply(e, rep, resolve(rep));
        RuleRep after = toRep(e);
        audit(caller, "SELF_REGISTRATION_RULE_UPDATE", id, b -> b.change("emailDomain", before.emailDomain, after.emailDomain)
                .change("includeSubdomains", before.includeSubdomains, after.includeSubdomains)
                .change("role", before.role, after.role)
                .change("domain", before.domainType + ":" + before.domainIdentifier, after.domainType + ":" + after.domainIdentifier)
                .change("subject", before.subject, after.subject));
        return after;
    }

    public void delete(Caller caller, String id) {
        EduSelfRegistrationRuleEntity e = entity(id);
        String domain = e.getEmailDomain();
        em.remove(e);
        audit(caller, "SELF_REGISTRATION_RULE_DELETE", id, b -> b.change("emailDomain", domain, null));
    }

    /**
     * The rule covering {@code email}: an exact rule for its host wins over a subdomain rule of a parent domain, and
     * the closest parent wins over a farther one. The lookup is one query whatever the address, so that its cost
     * says nothing about the outcome.
     */
    public Optional<Match> match(String email) {
        String host = EmailDomain.hostOf(email);
        List<EduSelfRegistrationRuleEntity> all = entities();
        EduSelfRegistrationRuleEntity best = null;
        for (EduSelfRegistrationRuleEntity r : all) {
            if (EmailDomain.matches(host, r.getEmailDomain(), r.isIncludeSubdomains())
                    && (best == null || r.getEmailDomain().length() > best.getEmailDomain().length())) {
                best = r;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Match(best.getId(), best.getEmailDomain(), new ResolvedAssignment(null, null,
                best.getRoleId(), best.getDomainId(), best.getSubjectId(), null, null)));
    }

    /** Whether a self-registered user may move to {@code email} (§7.2.4): only into a domain some rule authorizes. */
    public boolean authorizes(String email) {
        return match(email).isPresent();
    }

    private String domainField(RuleRep rep) {
        if (rep == null) {
            throw ApiError.badRequest("body", "A JSON rule is required");
        }
        if (rep.emailDomain == null || rep.emailDomain.isBlank()) {
            throw ApiError.badRequest("emailDomain", "emailDomain is required, e.g. allowed.edu");
        }
        String d = EmailDomain.normalise(rep.emailDomain);
        if (d == null) {
            throw ApiError.badRequest("emailDomain", "'" + rep.emailDomain + "' is not a plain DNS name (letters, digits,"
                    + " hyphens and dots; no wildcards or patterns: use includeSubdomains)");
        }
        if (!d.contains(".")) {
            throw ApiError.badRequest("emailDomain", "A rule needs a domain with at least two labels, e.g. allowed.edu");
        }
        return d;
    }

    private ResolvedAssignment resolve(RuleRep rep) {
        if (rep == null) {
            throw ApiError.badRequest("body", "A JSON rule is required");
        }
        if (rep.role == null || rep.role.isBlank()) {
            throw ApiError.badRequest("role", "role is required");
        }
        if (rep.domainType == null || rep.domainType.isBlank()) {
            throw ApiError.badRequest("domainType", "domainType is required");
        }
        if (rep.domainIdentifier == null || rep.domainIdentifier.isBlank()) {
            throw ApiError.badRequest("domainIdentifier", "domainIdentifier is required");
        }
        AssignmentRep a = new AssignmentRep();
        a.role = rep.role.trim();
        a.domainType = rep.domainType.trim();
        a.domainIdentifier = rep.domainIdentifier.trim();
        a.subject = rep.subject == null || rep.subject.isBlank() ? null : rep.subject.trim();
        // The user does not exist yet; the directory validates everything else exactly as for a grant.
        return directory.assignments().resolve(a, "self-registration");
    }

    private static void apply(EduSelfRegistrationRuleEntity e, RuleRep rep, ResolvedAssignment a) {
        e.setIncludeSubdomains(Boolean.TRUE.equals(rep.includeSubdomains));
        e.setRoleId(a.roleId());
        e.setDomainId(a.domainId());
        e.setSubjectId(a.subjectId());
    }

    private List<EduSelfRegistrationRuleEntity> entities() {
        return em.createNamedQuery("edu.selfRegRulesByRealm", EduSelfRegistrationRuleEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
    }

    private Optional<EduSelfRegistrationRuleEntity> byDomainEntity(String domain) {
        return em.createNamedQuery("edu.selfRegRuleByDomain", EduSelfRegistrationRuleEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("domain", domain).getResultStream().findFirst();
    }

    private EduSelfRegistrationRuleEntity entity(String id) {
        EduSelfRegistrationRuleEntity e = id == null ? null : em.find(EduSelfRegistrationRuleEntity.class, id);
        if (e == null || !e.getRealmId().equals(realm.getId())) {
            throw ApiError.notFound("Self-registration rule", id);
        }
        return e;
    }

    private RuleRep toRep(EduSelfRegistrationRuleEntity e) {
        RuleRep r = new RuleRep();
        r.id = e.getId();
        r.emailDomain = e.getEmailDomain();
        r.includeSubdomains = e.isIncludeSubdomains();
        // a role, domain or subject deleted since leaves the rule listed with that field empty (it registers nobody:
        // resolving it fails), so that one broken rule does not hide the others
        r.role = orNull(() -> directory.roles().get(e.getRoleId()).name);
        DomainRep d = orNull(() -> directory.domains().get(e.getDomainId()));
        r.domainType = d == null ? null : d.type;
        r.domainIdentifier = d == null ? null : d.identifier;
        r.subject = e.getSubjectId() == null ? null : orNull(() -> directory.subjects().get(e.getSubjectId()).code);
        r.createdAt = Instant.ofEpochMilli(e.getCreatedAt()).toString();
        return r;
    }

    private static <T> T orNull(java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (jakarta.ws.rs.WebApplicationException gone) {
            return null;
        }
    }

    private void audit(Caller caller, String action, String id, java.util.function.Consumer<AuditEvent.Builder> changes) {
        if (!audited) {
            return;
        }
        AuditEvent.Builder b = caller.audit(action).target("self-registration-rule", id);
        changes.accept(b);
        AuditTrail.record(session, b.build());
    }
}
