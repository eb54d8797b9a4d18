// Every screen of the console, axe-checked and photographed at 1280 and 375 px, as the realm admin (who sees every
// screen and action) and as the viewer (read-only variants).
import { after, before, test } from 'node:test';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { CONSOLE_URL, DEMO, USERS } from '../lib/env.js';
import { as, domainByIdentifier, must, userByUsername } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function visit(s, page, path, ready, name) {
  await page.goto(CONSOLE_URL + '#/' + path);
  await page.getByTestId(ready).first().waitFor({ timeout: 20_000 });
  await s.settle();
  await s.screen(name);
}

for (const who of ['state', 'viewer']) {
  test(`every screen as ${who}`, async () => {
    const admin = as(USERS.state);
    const district = await domainByIdentifier(admin, DEMO.northfield.identifier);
    const teacher = await userByUsername(admin, USERS.teacher);
    let groups = await must(admin, 'groups');
    if (groups.length === 0) {
      await admin.post('groups', { name: 'Northfield math team', domainId: district.id });
      groups = await must(admin, 'groups');
    }
    await inSession(browser, `screens-${who}`, async (s, page) => {
      await s.login(USERS[who]);
      await s.screen('home');
      await visit(s, page, 'hierarchy', 'tree', 'hierarchy');
      await visit(s, page, `hierarchy/${district.id}`, 'domain-detail', 'domain-detail');
      await visit(s, page, 'users', 'user-table', 'users');
      if (who === 'state') await visit(s, page, 'users/new', 'user-username', 'user-create');
      await visit(s, page, `users/${teacher.id}`, 'user-detail', 'user-detail');
      await visit(s, page, 'roles', 'role-table', 'roles');
      await visit(s, page, 'subjects', 'subject-table', 'subjects');
      await visit(s, page, 'groups', 'group-table', 'groups');
      await visit(s, page, `groups/${groups[0].id}`, 'group-members', 'group-detail');
      await visit(s, page, 'bulk', 'bulk-export-kind', 'bulk');
      await visit(s, page, 'audit', 'audit-table', 'audit');
      await visit(s, page, 'reports', 'report-summary', 'reports');
      if (who === 'state') await visit(s, page, 'self-registration', 'settings-form', 'self-registration');
      if (who === 'state') {
        await page.goto(CONSOLE_URL + `#/users/${teacher.id}`);
        await page.getByTestId('grant-open').click();
        await page.getByTestId('grant-domain').waitFor();
        await s.screen('grant-modal');
      }
    });
  });
}

axeTest(test);
