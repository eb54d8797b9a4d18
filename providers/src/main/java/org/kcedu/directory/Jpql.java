package org.kcedu.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/**
 * A tiny JPQL builder for the optional filters of list queries (parameters bound, never concatenated; the one
 * exception is {@link #literal}, for a stored id whose value decides the plan).
 */
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
        TypedQuery<Long> tq = em.createQuery(countText(q.toString(), alias), Long.class);
        params.forEach(tq::setParameter);
        return tq.getSingleResult();
    }

    /**
     * At most {@code limit} rows of {@code selectList} (two or more paths, e.g. the id and what to sort by) of this
     * query, unordered and unpaged, for a capped count that keeps its rows: without an order the database may stop
     * after {@code limit} matches (HQL accepts a {@code limit} in a count's subquery only with an {@code order by},
     * which would make the database find and sort every match).
     */
    List<Object[]> firstRows(EntityManager em, String selectList, long limit) {
        TypedQuery<Object[]> tq = em.createQuery(cappedCountText(q.toString(), selectList), Object[].class);
        params.forEach(tq::setParameter);
        tq.setMaxResults((int) Math.min(Integer.MAX_VALUE, Math.max(0, limit)));
        return tq.getResultList();
    }

    /** {@link #count}'s text: the select list replaced by {@code count(alias)}, the final {@code order by} dropped. */
    static String countText(String text, String alias) {
        return "select count(" + alias + ")" + unordered(text);
    }

    /** {@link #firstRows}'s text: {@code select selectList …}, without the final {@code order by}. */
    static String cappedCountText(String text, String selectList) {
        return "select " + selectList + unordered(text);
    }

    /** From the query's own {@code from} to its end, without its final {@code order by}. */
    private static String unordered(String text) {
        int from = topLevelFrom(text);
        int order = text.lastIndexOf(" order by ");
        return text.substring(from, order > from ? order : text.length());
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

    /** {@code value} as a JPQL string literal (quotes doubled). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    <T> TypedQuery<T> query(EntityManager em, Class<T> type, int first, int max) {
        TypedQuery<T> tq = em.createQuery(q.toString(), type);
        params.forEach(tq::setParameter);
        return tq.setFirstResult(first).setMaxResults(max);
    }
}
