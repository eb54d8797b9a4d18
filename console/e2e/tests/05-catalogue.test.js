// Flow 5 (issue 13, requirements §3.3, §6.2): the realm admin creates a role and a subject in the console; a
// subject-limited admin (Test Administrator for MATH) sees only that subject's assignments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { DEMO, USERS } from '../lib/env.js';
import { as, must, userByUsername } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('flow 5a: the realm admin creates a subject and a role', async () => {
  await inSession(browser, 'flow5', async (s, page) => {
    await s.login(USERS.state);
    await s.screen('home-realm-admin');

    await page.getByTestId('nav-subjects').first().click();
    await page.getByTestId('subject-table').waitFor();
    await s.settle();
    await s.screen('subjects');
    await page.getByTestId('subject-create').click();
    await page.getByTestId('subject-code').fill('CS');
    await page.getByTestId('subject-name').fill('Computer Science');
    await s.screen('subject-form');
    await page.getByTestId('subject-save').click();
    await page.getByTestId('subject-row-CS').waitFor();
    const subjects = await must(as(USERS.state), 'subjects');
    assert.ok(subjects.some((x) => x.code === 'CS' && x.name === 'Computer Science'), JSON.stringify(subjects));

    await page.getByTestId('nav-roles').first().click();
    await page.getByTestId('role-table').waitFor();
    await s.settle();
    await s.screen('roles');
    await page.getByTestId('role-create').click();
    await page.getByTestId('role-name').fill('Reading Specialist');
    await page.getByLabel(/^School \(SCHOOL\)$/).check();
    await page.getByTestId('role-subject-specific').check();
    await s.screen('role-form');
    await page.getByTestId('role-save').click();
    await page.getByTestId('role-row-Reading Specialist').waitFor();
    const role = (await must(as(USERS.state), 'roles')).find((r) => r.name === 'Reading Specialist');
    assert.ok(role, 'the API holds the role');
    assert.deepEqual(role.domainTypes, ['SCHOOL']);
    assert.equal(role.subjectSpecific, true);
    // ticking "subject-specific" offers every subject, required unless unticked
    assert.deepEqual([...role.subjects].sort(), subjects.map((x) => x.code).sort());
    assert.equal(role.subjectRequired, true);
    assert.equal(role.administrative, false);
  });
});

test('flow 5b: a subject-limited admin sees only their subject\'s assignments', async () => {
  // Maria teaches ELA at Northfield Elementary; give her MATH there too, so she holds both subjects in the district
  const admin = as(USERS.state);
  const maria = await userByUsername(admin, 'maria.garcia@kc-edu.example');
  const math = await admin.post('assignments', { userId: maria.id, role: 'Classroom Teacher', domainType: 'SCHOOL',
    domainIdentifier: DEMO.northfieldElementary.identifier, subject: 'MATH' });
  assert.ok(math.status === 201 || math.status === 409, math.text);
  const all = await must(admin, `users/${maria.id}/assignments`);
  const visible = await must(as(USERS.testAdmin), `users/${maria.id}/assignments`);
  assert.ok(visible.length > 0 && visible.every((a) => a.subject === 'MATH'), JSON.stringify(visible));
  const hidden = all.filter((a) => !visible.some((v) => v.id === a.id));
  assert.ok(hidden.some((a) => a.subject === 'ELA'), 'there is something to hide');

  await inSession(browser, 'flow5', async (s, page) => {
    await s.login(USERS.testAdmin);
    await s.screen('home-test-admin');
    await page.getByTestId('nav-users').first().click();
    await page.getByTestId('user-table').waitFor();
    await s.settle();
    const expected = (await must(as(USERS.testAdmin), 'users?max=1000')).map((u) => u.username).sort();
    const rows = (await page.locator('[data-testid^="user-row-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid').slice('user-row-'.length)))).sort();
    assert.deepEqual(rows, expected, 'the list is the MATH holders');
    await s.screen('users-test-admin');
    await page.getByTestId('user-search').fill('maria');
    // the search is debounced: click once the list is the search's answer (not a row of the list before it)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="user-row-"]').length === 1, null, { timeout: 20_000 });
    await s.settle();
    await page.getByTestId('user-row-maria.garcia@kc-edu.example').getByRole('link').click();
    await page.getByTestId('user-detail').waitFor();
    await s.settle();
    for (const a of visible) await page.getByTestId(`assignment-row-${a.id}`).waitFor();
    for (const a of hidden) assert.equal(await page.getByTestId(`assignment-row-${a.id}`).count(), 0, `${a.role} ${a.subject} hidden`);
    await s.screen('user-detail-test-admin');
  });
});

axeTest(test);
