// Flow 2 (issue 13, requirements §5.2.2.1-5.2.2.2): on a user who also holds a role in another district, the e-mail
// field is locked with the guidance text, disable/delete are not offered, and an attempt through the API is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { USERS } from '../lib/env.js';
import { as, must, userByUsername } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('flow 2: the straddling teacher\'s e-mail is locked with guidance, and the API refuses the change', async () => {
  await inSession(browser, 'flow2', async (s, page) => {
    await s.login(USERS.district);
    await page.getByTestId('nav-users').first().click();
    await page.getByTestId('user-search').fill('teacher@');
    await page.getByTestId(`user-row-${USERS.teacher}`).getByRole('link').click();
    await page.getByTestId('user-detail').waitFor();
    await s.settle();

    const email = page.getByTestId('user-email');
    await email.waitFor();
    const editable = await email.evaluate((el) => !(el.readOnly || el.disabled || el.getAttribute('aria-readonly') === 'true'));
    assert.equal(editable, false, 'the e-mail field is read-only');
    const help = await page.getByTestId('user-email-locked-help').innerText();
    assert.match(help, /outside your administrative scope/i);
    assert.match(help, /account console/i, 'guidance: the user changes it in the account console');
    assert.equal(await page.getByTestId('user-delete').count(), 0, 'delete is not offered');
    await s.screen('user-email-locked');

    const teacher = await userByUsername(as(USERS.state), USERS.teacher);
    const refused = await as(USERS.district).put(`users/${teacher.id}`, { email: 'hijacked@kc-edu.example' });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.error, 'forbidden');
    assert.match(refused.body.message, /outside your administrative scope.*\(roles_outside_scope\)/, refused.body.message);
    const after = await must(as(USERS.state), `users/${teacher.id}`);
    assert.equal(after.email, USERS.teacher, 'the address is unchanged');
  });
});

axeTest(test);
