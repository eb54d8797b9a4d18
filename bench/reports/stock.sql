-- The same report answered from Keycloak's stored events (bench/reports.sh): registered and active users per breakdown
-- domain, where "active" = a LOGIN event since :since (optionally of one client). Registered users and the domain
-- rule are kc-edu's directory in both cases; the difference measured is where the logins come from.
-- Variables: realm, domain (the report's domain id), depth (breakdown depth below it), since (epoch ms), app ('%' = any).
WITH pairs AS (
  SELECT c.ancestor_id AS grp, a.user_id AS uid FROM edu_domain_closure c JOIN edu_role_assignment a ON a.domain_id = c.descendant_id
  WHERE a.user_id IS NOT NULL AND c.ancestor_id IN (SELECT x.descendant_id FROM edu_domain_closure x WHERE x.ancestor_id = :'domain' AND x.depth = :depth)
  UNION
  SELECT gc.ancestor_id, m.user_id FROM edu_domain_closure gc JOIN edu_role_assignment ga ON ga.domain_id = gc.descendant_id
  JOIN edu_group_member m ON m.group_id = ga.group_id
  WHERE gc.ancestor_id IN (SELECT x.descendant_id FROM edu_domain_closure x WHERE x.ancestor_id = :'domain' AND x.depth = :depth)
), active AS (
  SELECT DISTINCT user_id FROM event_entity WHERE realm_id = :'realm' AND type = 'LOGIN' AND event_time >= :since
    AND client_id LIKE :'app'
)
SELECT p.grp, count(*) AS registered, count(a.user_id) AS active
FROM pairs p LEFT JOIN active a ON a.user_id = p.uid GROUP BY p.grp;
