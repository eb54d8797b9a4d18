// Flow 6 (issue 13, requirements §10.4): the audit screen shows the changes made in flows 1-5, those made in the
// console with entry point UI (bulk rows are the bulk engine's: entry point BULK).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { USERS } from '../lib/env.js';
import { as, must } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The changes the earlier flows made in the console: actor, action, entry point. */
const EXPECTED = [
  [USERS.district, 'ROLE_GRANT', 'UI'], // flow 1, by mouse and by keyboard
  [USERS.district, 'PASSWORD_RESET_EMAIL', 'UI'], // flow 3
  [USERS.district, 'ROLE_GRANT', 'BULK'], // flow 4
  [USERS.state, 'SUBJECT_CREATE', 'UI'], // flow 5
  [USERS.state, 'ROLE_CREATE', 'UI'], // flow 5
];

test('flow 6: the audit screen shows the console\'s changes with entry point UI', async () => {
  const trail = await must(as(USERS.state), 'audit?max=500');
  for (const [actor, action, entryPoint] of EXPECTED) {
    assert.ok(trail.some((e) => e.actorUsername === actor && e.action === action && e.entryPoint === entryPoint),
      `the trail holds ${action} by ${actor} via ${entryPoint}`);
  }
  // the entry point is a filter of the API, not of the screen: what the server answers is only that entry point
  const bulkOnly = await must(as(USERS.state), 'audit?entryPoint=bulk&max=500');
  assert.ok(bulkOnly.length > 0 && bulkOnly.every((e) => e.entryPoint === 'BULK'), 'entryPoint=bulk answers BULK records only');
  await inSession(browser, 'flow6', async (s, page) => {
    await s.login(USERS.state);
    await page.getByTestId('nav-audit').first().click();
    await page.getByTestId('audit-table').waitFor();
    await s.settle();
    await s.screen('audit');

    await page.getByTestId('audit-filter-entrypoint').selectOption('UI');
    await page.getByTestId('audit-apply').click();
    await s.settle();
    await page.getByTestId('audit-table').waitFor();
    const rows = await page.locator('[data-testid^="audit-row-"]').allInnerTexts();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => /\bUI\b/.test(r)), 'only entry point UI');
    for (const [actor, action, entryPoint] of EXPECTED.filter((e) => e[2] === 'UI')) {
      assert.ok(rows.some((r) => r.includes(actor) && r.includes(action)), `the screen shows ${action} by ${actor} (${entryPoint})`);
    }
    await s.screen('audit-ui');

    // all three are server-side filters: the page holds flow 4's grants however long the trail is
    await page.getByTestId('audit-filter-entrypoint').selectOption('BULK');
    await page.getByTestId('audit-filter-actor').fill(USERS.district);
    await page.getByTestId('audit-filter-action').fill('ROLE_GRANT');
    await page.getByTestId('audit-apply').click();
    await s.settle();
    const bulk = await page.locator('[data-testid^="audit-row-"]').allInnerTexts();
    assert.ok(bulk.some((r) => r.includes('ROLE_GRANT') && /\bBULK\b/.test(r)), 'the bulk grants of flow 4');

    // the CSV download of what the screen shows
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    assert.match(csv.suggestedFilename(), /\.csv$/);
  });
});

axeTest(test);
