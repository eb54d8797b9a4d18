package org.kcedu.bulk.users;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.kcedu.core.Caller;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.PasswordResetMail;
import org.kcedu.bulk.MailRate;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The set-password e-mail for users an import created (issue 6: "optionally the import triggers the set-password
 * e-mail, rate limited"). The import marks each created user that has an e-mail and is enabled with the user attribute
 * {@value #MARK} = job id, in the batch's transaction, so the to-do list survives crashes and restarts. Sending is a
 * separate, repeatable request ({@code POST .../imports/{id}/set-password-emails}) that works through the marked users
 * within {@link MailRate}'s budget, each e-mail being the admin-initiated password reset e-mail (Keycloak's
 * execute-actions e-mail with UPDATE_PASSWORD, naming the importing admin) built in that request's context; a sent
 * user loses the mark. The bulk-import CLI calls it until nothing is pending.
 */
public final class SetPasswordEmails {

    /** User attribute holding the id of the import job whose e-mail the user still has to get. */
    public static final String MARK = "kc-edu.set-password-email";

    /** What one sending request did; {@code pending} counts the marked users left afterwards. */
    public record Result(int sent, int skipped, int failed, long pending, long retryAfterSeconds, String message) {
    }

    private SetPasswordEmails() {
    }

    /** True when the import asked for the e-mail and this new user can get one. */
    static boolean wanted(boolean requested, UsersHandler.Target t) {
        return requested && t.email() != null && (t.enabled() == null || t.enabled());
    }

    /** Marks a user created by the fast insert path (same transaction, no query). */
    static void mark(EntityManager em, UserEntity user, String jobId) {
        UserAttributeEntity a = new UserAttributeEntity();
        a.setId(KeycloakModelUtils.generateId());
        a.setUser(user);
        a.setName(MARK);
        a.setValue(jobId);
        em.persist(a);
    }

    public static long pending(KeycloakSession session, RealmModel realm, String jobId) {
        return marked(session, realm, jobId, "select count(a)", "", Long.class).getSingleResult();
    }

    /**
     * Sends up to {@code max} e-mails for the job's marked users, as the rate allows. A user the admin may no longer
     * see, or who meanwhile has no e-mail, is disabled or has a password, is skipped (unmarked, no e-mail). An SMTP
     * failure stops the request; the user stays marked for the next one.
     */
    public static Result send(KeycloakSession session, Caller admin, String jobId, int max, MailRate rate) {
        RealmModel realm = admin.realm();
        List<String> ids = marked(session, realm, jobId, "select a.user.id", " order by a.user.id", String.class)
                .setMaxResults(max).getResultList();
        Authorization authz = new Authorization(session, admin);
        int sent = 0, skipped = 0, failed = 0;
        String message = null;
        for (String id : ids) {
            UserModel user = session.users().getUserById(realm, id);
            if (user == null) {
                continue;
            }
            boolean deliverable = user.isEnabled() && user.getEmail() != null && !user.getEmail().isBlank()
                    && user.credentialManager().getStoredCredentialsStream().findAny().isEmpty()
                    && authz.policy().canViewUser(admin, id).allowed();
            if (!deliverable) {
                user.removeAttribute(MARK);
                skipped++;
                continue;
            }
            if (!rate.tryTake()) {
                message = "rate limit reached: more e-mails in " + rate.secondsUntilNext() + " s";
                break;
            }
            try {
                PasswordResetMail.deliver(session, admin, user);
            } catch (EmailException e) {
                failed++;
                message = "the e-mail to " + user.getEmail() + " could not be sent (check the realm's SMTP settings): "
                        + e.getMessage();
                break;
            }
            user.removeAttribute(MARK);
            sent++;
        }
        long pending = pending(session, realm, jobId); // removing a mark deletes its row at once (a bulk delete)
        return new Result(sent, skipped, failed, pending, pending > 0 ? rate.secondsUntilNext() : 0, message);
    }

    /** The one query over the job's marked users (attribute {@link #MARK} = job id, this realm). */
    private static <T> TypedQuery<T> marked(KeycloakSession session, RealmModel realm, String jobId, String select,
                                            String orderBy, Class<T> type) {
        return em(session).createQuery(select + " from UserAttributeEntity a where a.name = :name and a.value = :job"
                        + " and a.user.realmId = :realm" + orderBy, type)
                .setParameter("name", MARK).setParameter("job", jobId).setParameter("realm", realm.getId());
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
