package org.kcedu.registration.bulk;

import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.str;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcedu.core.Caller;
import org.kcedu.core.AuditEvent;
import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.BulkBatch;
import org.kcedu.bulk.BulkCells;
import org.kcedu.bulk.KindHandler;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.registration.EmailDomain;
import org.kcedu.registration.SelfRegistrationRules;
import org.kcedu.registration.model.RuleRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Bulk file kind {@code self-registration} (requirements §7.1), contributed to the bulk engine through its
 * {@code META-INF/services/org.kcedu.bulk.EntityHandler} extension point. Key: {@code email_domain} (normalised like
 * the REST API: lower case, no trailing dot). Columns: {@code role}, {@code domain_type}, {@code domain_identifier},
 * {@code include_subdomains}, {@code subject}, {@code action} ({@code DELETE} removes the rule). Realm administrators
 * only; writes go through {@link SelfRegistrationRules}, which validates role, domain and subject like the REST API.
 */
public class SelfRegistrationRulesHandler extends KindHandler {

    public static final String KIND = "self-registration";
    static final String EMAIL_DOMAIN = "email_domain";
    static final String ROLE = "role";
    static final String DOMAIN_TYPE = "domain_type";
    static final String DOMAIN_IDENTIFIER = "domain_identifier";
    static final String INCLUDE_SUBDOMAINS = "include_subdomains";
    static final String SUBJECT = "subject";
    private static final String TARGET = "self-registration-rule";
    private static final List<String> COLUMNS = List.of(EMAIL_DOMAIN, ROLE, DOMAIN_TYPE, DOMAIN_IDENTIFIER,
            INCLUDE_SUBDOMAINS, SUBJECT);

    public SelfRegistrationRulesHandler() {
        super(KIND, new HeaderSchema(List.of(EMAIL_DOMAIN),
                List.of(ROLE, DOMAIN_TYPE, DOMAIN_IDENTIFIER, INCLUDE_SUBDOMAINS, SUBJECT), COLUMNS));
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        String d = EmailDomain.normalise(row.nonEmpty(EMAIL_DOMAIN));
        return d == null ? List.of() : List.of("email_domain:" + d);
    }

    @Override
    public String validate(CsvRow row) {
        String raw = row.nonEmpty(EMAIL_DOMAIN);
        if (raw == null) {
            return "email_domain is required";
        }
        String d = EmailDomain.normalise(raw);
        if (d == null || !d.contains(".")) {
            return "email_domain '" + raw + "' is not a plain DNS name with at least two labels (no patterns;"
                    + " use include_subdomains)";
        }
        if (row.action() == CsvRow.Action.DELETE) {
            return null;
        }
        for (String c : List.of(ROLE, DOMAIN_TYPE, DOMAIN_IDENTIFIER)) {
            if (row.nonEmpty(c) == null) {
                return c + " is required";
            }
        }
        return BulkCells.firstProblem(BulkCells.badBoolean(row, INCLUDE_SUBDOMAINS), BulkCells.tooLong(row, SUBJECT));
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        Map<String, RuleRep> byDomain = new HashMap<>();
        new SelfRegistrationRules(session, realm).list().forEach(r -> byDomain.put(r.emailDomain, r));
        return rows.stream().map(row -> planRow(row, byDomain)).toList();
    }

    private RowPlan planRow(CsvRow row, Map<String, RuleRep> byDomain) {
        String domain = EmailDomain.normalise(row.nonEmpty(EMAIL_DOMAIN));
        RuleRep current = byDomain.get(domain);
        if (row.action() == CsvRow.Action.DELETE) {
            if (current == null) {
                return RowPlan.unchanged(row, TARGET, null);
            }
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "SELF_REGISTRATION_RULE_DELETE", TARGET, current.id,
                    domain, Map.of("emailDomain", new AuditEvent.Change(domain, null)), false, null);
        }
        RuleRep target = new RuleRep();
        target.emailDomain = domain;
        target.role = row.nonEmpty(ROLE);
        target.domainType = row.nonEmpty(DOMAIN_TYPE);
        target.domainIdentifier = row.nonEmpty(DOMAIN_IDENTIFIER);
        target.subject = row.nonEmpty(SUBJECT);
        Boolean include = BulkCells.parseBoolean(row.nonEmpty(INCLUDE_SUBDOMAINS));
        target.includeSubdomains = row.has(INCLUDE_SUBDOMAINS) ? Boolean.TRUE.equals(include)
                : current != null && Boolean.TRUE.equals(current.includeSubdomains);
        if (!row.has(SUBJECT) && current != null) {
            target.subject = current.subject;
        }
        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        change(changes, "emailDomain", current == null ? null : current.emailDomain, domain);
        change(changes, "includeSubdomains", current == null ? null : String.valueOf(current.includeSubdomains),
                String.valueOf(target.includeSubdomains));
        change(changes, "role", current == null ? null : current.role, target.role);
        change(changes, "domain", current == null ? null : current.domainType + ":" + current.domainIdentifier,
                target.domainType + ":" + target.domainIdentifier);
        change(changes, "subject", current == null ? null : current.subject, target.subject);
        if (current == null) {
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "SELF_REGISTRATION_RULE_CREATE", TARGET, null, domain,
                    changes, false, target);
        }
        if (changes.isEmpty()) {
            return RowPlan.unchanged(row, TARGET, current.id);
        }
        target.emailDomain = null; // the key does not change
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, "SELF_REGISTRATION_RULE_UPDATE", TARGET, current.id, domain,
                changes, false, target);
    }

    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        return policy.canConfigureSelfService(caller);
    }

    @Override
    public String apply(BulkBatch batch, RowPlan plan) {
        SelfRegistrationRules rules = new SelfRegistrationRules(batch.session(), batch.realm()).unaudited();
        return switch (plan.kind()) {
            case CREATE -> rules.create(batch.caller(), (RuleRep) plan.payload()).id;
            case UPDATE -> rules.update(batch.caller(), plan.targetId(), (RuleRep) plan.payload()).id;
            case DELETE -> {
                rules.delete(batch.caller(), plan.targetId());
                yield plan.targetId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        };
    }

    @Override
    public void export(KeycloakSessionFactory factory, String realmId, Scope scope, BulkRowWriter out) throws IOException {
        out.header(COLUMNS);
        if (scope.isEmpty()) {
            return;
        }
        List<RuleRep> rules = KeycloakModelUtils.runJobInTransactionWithResult(factory, s ->
                new SelfRegistrationRules(s, s.realms().getRealm(realmId)).list());
        for (RuleRep r : rules) {
            out.row(List.of(r.emailDomain, r.role, r.domainType, r.domainIdentifier, str(r.includeSubdomains),
                    r.subject == null ? "" : r.subject));
        }
    }
}
