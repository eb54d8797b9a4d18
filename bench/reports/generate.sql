-- Reports benchmark generator (bench/reports.sh), after bench/directory/generate.sql loaded the directory of realm
-- :realm. Generates :days days x :per_day successful logins of the realm's generated users to 5 applications
-- (app-1 .. app-5, app-1 the most used), and writes the SAME logins twice:
--   * into Keycloak's EVENT_ENTITY, as LOGIN events (what stock Keycloak keeps when "save events" is on);
--   * into kc-edu's login records EDU_LOGIN_USER / EDU_LOGIN_DAY, as the aggregator would have left them.
-- Users are drawn with a skew (user k with probability ~ k^-0.5 shape: power(random(), 2)) so that some log in daily
-- and some never. Variables: realm, users, days, per_day.
\set ON_ERROR_STOP on
\timing off
SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now_ms \gset
SELECT setseed(0.1818);

\echo phase logins
SELECT clock_timestamp() AS t0 \gset
CREATE TEMP TABLE bench_login AS
SELECT md5('bench-u-' || (1 + floor(:users * power(random(), 2)))::int)::uuid::text AS user_id,
       'app-' || (1 + floor(5 * power(random(), 1.5)))::int AS client_id,
       :now_ms - d::bigint * 86400000 - floor(random() * 86400000)::bigint AS at
FROM generate_series(0, :days - 1) d, generate_series(1, :per_day) n;
SELECT 'phase logins: ' || count(*) || ' logins, ' || count(DISTINCT user_id) || ' distinct users, '
       || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result FROM bench_login;

\echo phase event_entity
SELECT clock_timestamp() AS t0 \gset
INSERT INTO event_entity (id, client_id, details_json, error, ip_address, realm_id, session_id, event_time, type, user_id)
SELECT gen_random_uuid()::text, client_id, '{"auth_method":"openid-connect","username":"u"}', NULL, '10.0.0.1',
       :'realm', gen_random_uuid()::text, at, 'LOGIN', user_id
FROM bench_login;
SELECT 'phase event_entity: ' || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;

\echo phase kc-edu login records
SELECT clock_timestamp() AS t0 \gset
INSERT INTO edu_login_user (user_id, client_id, realm_id, first_at, last_at, logins)
SELECT user_id, client_id, :'realm', min(at), max(at), count(*) FROM bench_login GROUP BY user_id, client_id
UNION ALL
SELECT user_id, '*', :'realm', min(at), max(at), count(*) FROM bench_login GROUP BY user_id;
INSERT INTO edu_login_day (user_id, client_id, login_day, realm_id)
SELECT DISTINCT user_id, client_id, floor(at / 86400000.0)::int, :'realm' FROM bench_login
UNION
SELECT DISTINCT user_id, '*', floor(at / 86400000.0)::int, :'realm' FROM bench_login;
SELECT 'phase kc-edu login records: ' || (SELECT count(*) FROM edu_login_user) || ' user rows, '
       || (SELECT count(*) FROM edu_login_day) || ' day rows, '
       || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;

\echo phase analyze
ANALYZE event_entity; ANALYZE edu_login_user; ANALYZE edu_login_day;
SELECT 'bench: event_entity ' || pg_size_pretty(pg_total_relation_size('event_entity')) || ', edu_login_user '
       || pg_size_pretty(pg_total_relation_size('edu_login_user')) || ', edu_login_day '
       || pg_size_pretty(pg_total_relation_size('edu_login_day')) AS result;
