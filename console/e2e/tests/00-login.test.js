// The login page and the home screen: the real login form of the realm, axe-clean at both widths, and the home
// screen's numbers equal to what the API says for the demo district admin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axeTest, inSession } from '../lib/browser.js';
import { CONSOLE_URL, REALM_URL, USERS } from '../lib/env.js';
import { as, must } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('login page and forgot-password page are accessible; opening the console asks for login', async () => {
  await inSession(browser, 'login', async (s, page) => {
    await page.goto(CONSOLE_URL);
    await page.locator('#username').waitFor();
    assert.ok(page.url().startsWith(`${REALM_URL}/protocol/openid-connect/auth`), page.url());
    assert.match(page.url(), /code_challenge_method=S256/);
    assert.match(page.url(), /client_id=kc-edu-admin-ui/);
    await s.screen('login-page');
    await page.getByRole('link', { name: /forgot password/i }).click();
    await page.locator('#username').waitFor();
    await s.screen('forgot-password');
  });
});

test('wrong password: the login page says so, accessibly', async () => {
  await inSession(browser, 'login', async (s, page) => {
    await page.goto(CONSOLE_URL);
    await page.fill('#username', USERS.district);
    await page.fill('#password', 'not-the-password-1');
    await page.click('#kc-login');
    await page.locator('#input-error, .kc-feedback-text, [role=alert]').first().waitFor();
    await s.screen('login-error');
  });
});

test('district admin logs in through the real login page and sees who they are and their counts', async () => {
  await inSession(browser, 'login', async (s, page) => {
    await s.login(USERS.district);
    const me = await must(as(USERS.district), 'me');
    await page.getByTestId('home-user').waitFor();
    assert.match(await page.getByTestId('home-user').innerText(), /Dana/);
    const assignments = await page.getByTestId('home-assignments').innerText();
    assert.match(assignments, /District Administrator/);
    assert.match(assignments, /Northfield Unified School District|9900001/);
    for (const k of ['domains', 'users', 'assignments']) {
      const shown = await page.getByTestId(`home-count-${k}`).innerText();
      assert.equal(shown.replace(/[^0-9]/g, ''), String(me.counts[k]), `${k}: ${shown} vs ${me.counts[k]}`);
    }
    // a district admin has no catalogue rights: the capability answer hides nothing it should show
    assert.equal(me.can.manageCatalogue, false);
    await s.screen('home-district-admin');
  });
});

axeTest(test);
