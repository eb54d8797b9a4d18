package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JpqlCountTest {

    @Test
    void theCountStartsAtTheQuerysOwnFromNotASubquerysInTheSelectList() {
        String q = "select a.id, case when exists (select 1 from EduDomainEntity ia where ia.active = false) then true"
                + " else false end from EduRoleAssignmentEntity a where a.userId = :u order by a.id";
        assertEquals(q.indexOf(" from EduRoleAssignmentEntity"), Jpql.topLevelFrom(q));
        assertEquals(8, Jpql.topLevelFrom("select a from EduRoleAssignmentEntity a"));
        assertThrows(IllegalStateException.class, () -> Jpql.topLevelFrom("select (1 from x)"));
    }

    @Test
    void theCappedCountReadsIdsWithoutTheOrder() {
        String q = "select u from UserEntity u where u.realmId = :realmId and u.id in (select x.id from UserEntity x"
                + " where x.username like :s) order by u.username";
        assertEquals("select count(u) from UserEntity u where u.realmId = :realmId and u.id in (select x.id from"
                + " UserEntity x where x.username like :s)", Jpql.countText(q, "u"));
        assertEquals("select u.id from UserEntity u where u.realmId = :realmId and u.id in (select x.id from UserEntity x"
                + " where x.username like :s)", Jpql.cappedCountText(q, "u.id"));
    }

    @Test
    void aLiteralDoublesItsQuotes() {
        assertEquals("'a3534778-9619-4a27-9ab9-8282d46c786e'", Jpql.literal("a3534778-9619-4a27-9ab9-8282d46c786e"));
        assertEquals("'x'' or ''1''=''1'", Jpql.literal("x' or '1'='1"));
    }
}
