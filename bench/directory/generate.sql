-- Directory benchmark generator (bench/directory.sh): set-based INSERT ... SELECT straight into Keycloak's and
-- kc-edu's tables of realm :realm, which bench/DirectoryBench.java set up through the REST APIs (realm, clients,
-- kc-edu roles, the state domain; kc-edu created its built-in domain types). Only rows Keycloak does not cache
-- (users, role mappings) and kc-edu's own tables are written, so the running server needs no restart.
-- Variables: realm (realm id), schools, users. Shape: 1 state > 10 groups of districts > 200 districts > :schools
-- schools (round-robin over districts); user i gets a Student (9 in 10) or Teacher assignment at school
-- ((i-1) mod :schools)+1, and every 4th user a second Teacher assignment at the next school of the same district:
-- 1.25 assignments per user (2.5M at 2M users). Ids are md5-derived UUIDs: random-looking, like Keycloak's, but
-- reproducible. Names: bench/directory/names.sql, drawn with a fixed seed.
\set ON_ERROR_STOP on
\timing off
SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now_ms \gset
SELECT id AS t_gd FROM edu_domain_type WHERE realm_id = :'realm' AND code = 'GROUP_OF_DISTRICTS' \gset
SELECT id AS t_d FROM edu_domain_type WHERE realm_id = :'realm' AND code = 'DISTRICT' \gset
SELECT id AS t_s FROM edu_domain_type WHERE realm_id = :'realm' AND code = 'SCHOOL' \gset
SELECT id AS state_id FROM edu_domain WHERE realm_id = :'realm' AND parent_id IS NULL AND identifier = 'ST' \gset
SELECT id AS r_student FROM edu_role WHERE realm_id = :'realm' AND name = 'Student' \gset
SELECT id AS r_teacher FROM edu_role WHERE realm_id = :'realm' AND name = 'Teacher' \gset
SELECT id AS r_admin FROM edu_role WHERE realm_id = :'realm' AND name = 'Account Administrator' \gset
SELECT id AS r_default FROM keycloak_role WHERE realm_id = :'realm' AND name = 'default-roles-' || (SELECT name FROM realm WHERE id = :'realm') \gset

\echo phase domains
SELECT clock_timestamp() AS t0 \gset
INSERT INTO edu_domain (id, realm_id, type_id, name, identifier, nces_id, parent_id, active, created_at, updated_at, version)
SELECT md5('bench-gd-' || g)::uuid::text, :'realm', :'t_gd', 'District Group ' || g, 'GD-' || lpad(g::text, 2, '0'),
       NULL, :'state_id', true, :now_ms, :now_ms, 0
FROM generate_series(1, 10) g;
INSERT INTO edu_domain (id, realm_id, type_id, name, identifier, nces_id, parent_id, active, created_at, updated_at, version)
SELECT md5('bench-d-' || d)::uuid::text, :'realm', :'t_d', 'District ' || lpad(d::text, 3, '0'),
       'D-' || lpad(d::text, 3, '0'), lpad((d * 100)::text, 7, '0'), md5('bench-gd-' || ((d - 1) % 10 + 1))::uuid::text,
       true, :now_ms, :now_ms, 0
FROM generate_series(1, 200) d;
INSERT INTO edu_domain (id, realm_id, type_id, name, identifier, nces_id, parent_id, active, created_at, updated_at, version)
SELECT md5('bench-s-' || s)::uuid::text, :'realm', :'t_s', 'School ' || lpad(s::text, 6, '0'),
       'S-' || lpad(s::text, 6, '0'), lpad((s + 100000)::text, 12, '0'), md5('bench-d-' || ((s - 1) % 200 + 1))::uuid::text,
       true, :now_ms, :now_ms, 0
FROM generate_series(1, :schools) s;
-- closure, one level at a time: a node's rows are its own (depth 0) plus its parent's shifted by one
INSERT INTO edu_domain_closure (ancestor_id, descendant_id, depth)
SELECT id, id, 0 FROM edu_domain WHERE realm_id = :'realm' AND id <> :'state_id';
INSERT INTO edu_domain_closure (ancestor_id, descendant_id, depth)
SELECT c.ancestor_id, d.id, c.depth + 1 FROM edu_domain d JOIN edu_domain_closure c ON c.descendant_id = d.parent_id
WHERE d.realm_id = :'realm' AND d.type_id = :'t_gd';
INSERT INTO edu_domain_closure (ancestor_id, descendant_id, depth)
SELECT c.ancestor_id, d.id, c.depth + 1 FROM edu_domain d JOIN edu_domain_closure c ON c.descendant_id = d.parent_id
WHERE d.realm_id = :'realm' AND d.type_id = :'t_d';
INSERT INTO edu_domain_closure (ancestor_id, descendant_id, depth)
SELECT c.ancestor_id, d.id, c.depth + 1 FROM edu_domain d JOIN edu_domain_closure c ON c.descendant_id = d.parent_id
WHERE d.realm_id = :'realm' AND d.type_id = :'t_s';
SELECT 'phase domains: ' || (SELECT count(*) FROM edu_domain WHERE realm_id = :'realm') || ' domains, '
       || (SELECT count(*) FROM edu_domain_closure) || ' closure rows, '
       || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;

\echo phase users
SELECT clock_timestamp() AS t0 \gset
SELECT setseed(0.4242);
-- skewed draws: k = floor(n * r^e) makes low k common (about 440 "john smith" per 2M users)
CREATE TEMP TABLE bench_user AS
SELECT i, md5('bench-u-' || i)::uuid::text AS id,
       floor((SELECT count(*) FROM bench_first_name) * power(random(), 1.3))::int AS fk,
       floor((SELECT count(*) FROM bench_last_name) * power(random(), 1.6))::int AS lk
FROM generate_series(1, :users) i;
INSERT INTO user_entity (id, email, email_constraint, email_verified, enabled, federation_link, first_name, last_name,
                         realm_id, username, created_timestamp, service_account_client_link, not_before)
SELECT u.id, e.email, e.email, true, true, NULL, f.name, l.name, :'realm', e.email, :now_ms, NULL, 0
FROM bench_user u JOIN bench_first_name f ON f.k = u.fk JOIN bench_last_name l ON l.k = u.lk
CROSS JOIN LATERAL (SELECT f.folded || '.' || l.folded || '.' || u.i || '@k12.example' AS email) e;
-- what kc-edu's listener writes for every new user: the folded names of its search
INSERT INTO edu_user_search (user_id, realm_id, username, email, first_folded, last_folded)
SELECT u.id, :'realm', e.email, e.email, f.folded, l.folded
FROM bench_user u JOIN bench_first_name f ON f.k = u.fk JOIN bench_last_name l ON l.k = u.lk
CROSS JOIN LATERAL (SELECT f.folded || '.' || l.folded || '.' || u.i || '@k12.example' AS email) e;
-- what stock Keycloak writes for every new user: the realm's default roles
INSERT INTO user_role_mapping (role_id, user_id) SELECT :'r_default', id FROM bench_user;
SELECT 'phase users: ' || :users || ' users, ' || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;

\echo phase assignments
SELECT clock_timestamp() AS t0 \gset
INSERT INTO edu_role_assignment (id, realm_id, user_id, group_id, role_id, domain_id, subject_id, starts_at, expires_at, created_at, created_by)
SELECT md5('bench-a-' || i)::uuid::text, :'realm', md5('bench-u-' || i)::uuid::text, NULL,
       CASE WHEN i % 10 = 0 THEN :'r_teacher' ELSE :'r_student' END,
       md5('bench-s-' || ((i - 1) % :schools + 1))::uuid::text, NULL, NULL, NULL, :now_ms, NULL
FROM generate_series(1, :users) i;
INSERT INTO edu_role_assignment (id, realm_id, user_id, group_id, role_id, domain_id, subject_id, starts_at, expires_at, created_at, created_by)
SELECT md5('bench-a2-' || i)::uuid::text, :'realm', md5('bench-u-' || i)::uuid::text, NULL, :'r_teacher',
       md5('bench-s-' || (((i - 1) % :schools + 200) % :schools + 1))::uuid::text, NULL, NULL, NULL, :now_ms, NULL
FROM generate_series(4, :users, 4) i;
SELECT 'phase assignments: ' || (SELECT count(*) FROM edu_role_assignment WHERE realm_id = :'realm') || ' assignments, '
       || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;

\echo phase bench users
-- fixed accounts the driver logs in as (passwords set through the admin API afterwards)
INSERT INTO user_entity (id, email, email_constraint, email_verified, enabled, first_name, last_name, realm_id, username,
                         created_timestamp, not_before)
SELECT md5('bench-x-' || n)::uuid::text, n || '@k12.example', n || '@k12.example', true, true, 'Bench', n, :'realm',
       n || '@k12.example', :now_ms, 0
FROM unnest(ARRAY['bench.mapper', 'bench.district.admin', 'bench.school.admin']) n;
INSERT INTO edu_user_search (user_id, realm_id, username, email, first_folded, last_folded)
SELECT md5('bench-x-' || n)::uuid::text, :'realm', n || '@k12.example', n || '@k12.example', 'bench', n
FROM unnest(ARRAY['bench.mapper', 'bench.district.admin', 'bench.school.admin']) n;
INSERT INTO user_role_mapping (role_id, user_id)
SELECT :'r_default', md5('bench-x-' || n)::uuid::text FROM unnest(ARRAY['bench.mapper', 'bench.district.admin', 'bench.school.admin']) n;
-- the token user holds five assignments in five districts (what the mapper puts in a token)
INSERT INTO edu_role_assignment (id, realm_id, user_id, role_id, domain_id, created_at)
SELECT md5('bench-xa-' || s)::uuid::text, :'realm', md5('bench-x-bench.mapper')::uuid::text, :'r_teacher',
       md5('bench-s-' || s)::uuid::text, :now_ms FROM generate_series(1, 5) s;
INSERT INTO edu_role_assignment (id, realm_id, user_id, role_id, domain_id, created_at) VALUES
  (md5('bench-xa-da')::uuid::text, :'realm', md5('bench-x-bench.district.admin')::uuid::text, :'r_admin', md5('bench-d-1')::uuid::text, :now_ms),
  (md5('bench-xa-sa')::uuid::text, :'realm', md5('bench-x-bench.school.admin')::uuid::text, :'r_admin', md5('bench-s-1')::uuid::text, :now_ms);

\echo phase analyze
SELECT clock_timestamp() AS t0 \gset
-- this PostgreSQL runs with autovacuum off: without fresh statistics the planner keeps empty-table plans
ANALYZE user_entity; ANALYZE edu_user_search; ANALYZE user_role_mapping; ANALYZE edu_domain; ANALYZE edu_domain_closure; ANALYZE edu_role_assignment;
ANALYZE edu_group_member; ANALYZE edu_role;
SELECT 'phase analyze: ' || round(extract(epoch from clock_timestamp() - :'t0'::timestamptz)::numeric, 1) || ' s' AS result;
