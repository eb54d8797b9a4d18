package org.kcedu.directory;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/** A tiny JPQL builder for the optional filters of list queries (parameters always bound, never concatenated). */
final class Jpql {

    private final StringBuilder q = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();

    Jpql(String start) {
        q.append(start);
    }

    Jpql and(String clause, Object... nameValues) {
        q.append(" and ").append(clause);
        for (int i = 0; i < nameValues.length; i += 2) {
            params.put((String) nameValues[i], nameValues[i + 1]);
        }
        return this;
    }

    Jpql append(String s) {
        q.append(' ').append(s);
        return this;
    }

    Jpql param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /**
     * The number of rows this query gives, unpaged: its select list replaced by {@code count(alias)} and its final
     * {@code order by} dropped (the order is the last clause in every list; the select list may hold subqueries).
     */
    long count(EntityManager em, String alias) {
        String text = q.toString();
        int from = topLevelFrom(text);
        int order = text.lastIndexOf(" order by ");
        String counted = "select count(" + alias + ")" + text.substring(from, order > from ? order : text.length());
        TypedQuery<Long> tq = em.createQuery(counted, Long.class);
        params.forEach(tq::setParameter);
        return tq.getSingleResult();
    }

    /** The position of the query's own {@code " from "}, skipping those of subqueries in parentheses. */
    static int topLevelFrom(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && text.startsWith(" from ", i)) {
                return i;
            }
        }
        throw new IllegalStateException("no from clause in " + text);
    }

    <T> TypedQuery<T> query(EntityManager em, Class<T> type, int first, int max) {
        TypedQuery<T> tq = em.createQuery(q.toString(), type);
        params.forEach(tq::setParameter);
        return tq.setFirstResult(first).setMaxResults(max);
    }
}
