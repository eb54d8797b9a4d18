// Flow 1 (issue 13): a district admin logs in, sees only the district's subtree and users, grants a role with an
// expiry at one of its schools (and the API then holds it), cannot pick a sibling district, and a forced
// out-of-scope request shows the server's refusal. Then the same grant by keyboard only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { enterText, errorAlertText, axeTest, searchAnswered, inSession, launch, launchFirefox, tabTo } from '../lib/browser.js';
import { CONSOLE_URL, DEMO, FIREFOX, USERS } from '../lib/env.js';
import { as, domainByIdentifier, must, userByUsername } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const admin = () => as(USERS.state);
const dana = () => as(USERS.district);

/** Flow 1 in {@code b}: Li Chen (Chromium) or Omar Haddad (Firefox) gets Digital Library User at a school. */
async function flow1(b, file, target) {
  await inSession(b, file, async (s, page) => {
    await s.login(USERS.district);
    await s.screen('home');

    // the hierarchy: the district is the tree's root; the state and the sibling districts are not there
    await page.getByTestId('nav-hierarchy').first().click();
    await page.getByTestId('tree').waitFor();
    await page.getByTestId(`tree-node-${DEMO.northfield.identifier}`).waitFor();
    await s.settle();
    for (const hidden of [DEMO.state, DEMO.southport, DEMO.eastlake]) {
      assert.equal(await page.getByTestId(`tree-node-${hidden.identifier}`).count(), 0, `${hidden.name} must not be in the tree`);
    }
    await s.screen('hierarchy');
    // searching the sibling district finds nothing
    await enterText(page.getByTestId('tree-search'), 'Southport');
    await s.settle();
    await page.waitForTimeout(600);
    assert.equal(await page.getByTestId('tree-search-results').getByText('Southport').count(), 0);
    await enterText(page.getByTestId('tree-search'), '');
    // the district's detail
    await page.getByTestId(`tree-node-${DEMO.northfield.identifier}`).click();
    await page.getByTestId('domain-detail').waitFor();
    await s.settle();
    await s.screen('domain-detail');

    // the users: exactly the district's users (the list the API gives Dana)
    await page.getByTestId('nav-users').first().click();
    await page.getByTestId('user-table').waitFor();
    await s.settle();
    const expected = (await must(dana(), 'users?max=1000')).map((u) => u.username).sort();
    const rows = (await page.locator('[data-testid^="user-row-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid').slice('user-row-'.length)))).sort();
    assert.deepEqual(rows, expected);
    assert.ok(!rows.includes('pat.reader@kc-edu.example'), 'a user of the sibling district is not listed');
    await s.screen('users');

    // grant Digital Library User at Northfield Elementary, expiring 2031-06-30, to Li Chen
    const term = target.username.split('@')[0];
    await enterText(page.getByTestId('user-search'), term);
    // the search is debounced: click once the list is the search's answer, not a row of the unfiltered list before it
    // (the row of the target is in both, and clicking it while the answer re-renders the table missed the link)
    await searchAnswered(page, term);
    await page.getByTestId(`user-row-${target.username}`).getByRole('link').click();
    await page.getByTestId('user-detail').waitFor();
    await s.settle();
    await s.screen('user-detail');
    await page.getByTestId('grant-open').click();
    await enterText(page.getByTestId('grant-domain'), 'Southport');
    await page.waitForTimeout(800);
    assert.equal(await page.locator('[data-testid^="grant-domain-option-"]').count(), 0, 'the sibling district cannot be picked');
    await enterText(page.getByTestId('grant-domain'), '');
    await enterText(page.getByTestId('grant-domain'), target.school.name);
    await page.getByTestId(`grant-domain-option-${target.school.identifier}`).click();
    await page.getByTestId('grant-role').selectOption({ label: 'Digital Library User' });
    await enterText(page.getByTestId('grant-expiry'), '2031-06-30');
    await s.screen('grant-modal');
    await page.getByTestId('grant-submit').click();
    await page.getByTestId('grant-submit').waitFor({ state: 'detached' });
    await s.settle();
    const user = await userByUsername(admin(), target.username);
    const held = await must(admin(), `users/${user.id}/assignments`);
    const granted = held.find((a) => a.role === 'Digital Library User' && a.domainIdentifier === target.school.identifier);
    assert.ok(granted, `the API holds the grant: ${JSON.stringify(held)}`);
    assert.match(granted.expiresAt, /^2031-06-3/, granted.expiresAt);
    await page.getByTestId(`assignment-row-${granted.id}`).waitFor();
    await s.screen('user-detail-granted');

    // a forced request outside the scope: the server's refusal is shown, not a blank page
    const pat = await userByUsername(admin(), 'pat.reader@kc-edu.example');
    const refusal = await dana().get(`users/${pat.id}`);
    assert.ok(refusal.status === 403 || refusal.status === 404, String(refusal.status));
    await page.goto(`${CONSOLE_URL}#/users/${pat.id}`);
    const shown = await errorAlertText(page);
    assert.ok(shown.includes(refusal.body.message), `alert "${shown}" shows the server's "${refusal.body.message}"`);
    await s.screen('user-out-of-scope');
    const southport = await domainByIdentifier(admin(), DEMO.southport.identifier);
    const domainRefusal = await dana().get(`domains/${southport.id}`);
    await page.goto(`${CONSOLE_URL}#/hierarchy/${southport.id}`);
    const shownDomain = await errorAlertText(page);
    assert.ok(shownDomain.includes(domainRefusal.body.message), `alert "${shownDomain}" shows "${domainRefusal.body.message}"`);
    await s.screen('domain-out-of-scope');
  });
}

test('flow 1: district admin sees only the district, grants with expiry at a school, cannot pick a sibling district, sees the refusal', async () => {
  await flow1(browser, 'flow1', { username: 'li.chen@kc-edu.example', school: DEMO.northfieldElementary });
});

// Debian's firefox-esr through WebDriver BiDi, skipped with the reason where it is not installed or KCEDU_E2E_FIREFOX=0
// (it adds some minutes: axe-core is slow over BiDi). The grant modal's domain options that "never appeared" in
// Firefox were the driver's fill(), which React's fields do not notice, not the console: see enterText.
const firefox = !existsSync(FIREFOX) ? `no Firefox ESR at ${FIREFOX} (apt-get install firefox-esr)`
  : process.env.KCEDU_E2E_FIREFOX === '0' ? 'KCEDU_E2E_FIREFOX=0' : false;
test('flow 1 in Firefox ESR (WebDriver BiDi)', { skip: firefox }, async () => {
  const ff = await launchFirefox();
  try {
    await flow1(ff, 'flow1-firefox', { username: 'omar.haddad@kc-edu.example', school: DEMO.northfieldHigh });
  } finally {
    await ff.close();
  }
});

test('flow 1 by keyboard only: log in, open a user, grant with expiry', async () => {
  await inSession(browser, 'flow1-keyboard', async (s, page) => {
    await page.goto(CONSOLE_URL);
    await page.locator('#username').waitFor();
    await tabTo(page, page.locator('#username'));
    await page.keyboard.type(USERS.district);
    await tabTo(page, page.locator('#password'));
    await page.keyboard.type(process.env.KCEDU_DEMO_PASSWORD || 'kc-edu-demo-2026');
    await page.keyboard.press('Enter');
    await page.getByTestId('nav-home').first().waitFor();
    await s.settle();

    await tabTo(page, page.getByTestId('nav-users').first());
    await page.keyboard.press('Enter');
    await page.getByTestId('user-table').waitFor();
    await s.settle();
    await tabTo(page, page.getByTestId('user-search'));
    await page.keyboard.type('maria');
    await searchAnswered(page, 'maria');
    await s.settle();
    const link = page.getByTestId('user-row-maria.garcia@kc-edu.example').getByRole('link');
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-detail').waitFor();
    await s.settle();

    await tabTo(page, page.getByTestId('grant-open'));
    await page.keyboard.press('Enter');
    await page.getByTestId('grant-domain').waitFor();
    // the modal puts the focus inside it; walk to the domain search
    await tabTo(page, page.getByTestId('grant-domain'));
    await page.keyboard.type('Riverbend');
    const option = page.getByTestId(`grant-domain-option-${DEMO.riverbend.identifier}`);
    await option.waitFor();
    await tabTo(page, option);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByTestId('grant-role'));
    await page.keyboard.type('Digital');
    await tabTo(page, page.getByTestId('grant-expiry'));
    await page.keyboard.type('12312030');
    await s.screen('grant-modal-keyboard');
    await page.keyboard.press('Enter');
    await page.getByTestId('grant-submit').waitFor({ state: 'detached' });
    await s.settle();

    const maria = await userByUsername(admin(), 'maria.garcia@kc-edu.example');
    const held = await must(admin(), `users/${maria.id}/assignments`);
    const granted = held.find((a) => a.role === 'Digital Library User' && a.domainIdentifier === DEMO.riverbend.identifier);
    assert.ok(granted, `granted by keyboard: ${JSON.stringify(held)}`);
    assert.match(granted.expiresAt, /^2030-12-3/, granted.expiresAt);
  });
});

axeTest(test);
