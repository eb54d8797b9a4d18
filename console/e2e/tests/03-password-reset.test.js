// Flow 3 (issue 13, requirements §5.2.1, §5.2.2.3): the district admin sends a password reset from the console; the
// SMTP sink receives the mail at the user's current address, and it names the admin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeTest, inSession, launch, searchAnswered } from '../lib/browser.js';
import { SMTP_PORT, USERS } from '../lib/env.js';
import { SmtpSink } from '../lib/smtp.js';

let browser;
let smtp;
before(async () => {
  smtp = await new SmtpSink(SMTP_PORT).start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await smtp?.stop();
});

test('flow 3: password reset from the console; the mail names the admin', async () => {
  await inSession(browser, 'flow3', async (s, page) => {
    await s.login(USERS.district);
    await page.getByTestId('nav-users').first().click();
    await page.getByTestId('user-search').fill('omar');
    await searchAnswered(page, 'omar');
    await page.getByTestId('user-row-omar.haddad@kc-edu.example').getByRole('link').click();
    await page.getByTestId('user-detail').waitFor();
    await s.settle();
    await page.getByTestId('user-reset-password').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Dana|district\.admin@kc-edu\.example/, 'the dialog says the mail will name me');
    await s.screen('reset-password-confirm');
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-alert').waitFor();
    await s.screen('reset-password-sent');

    const mail = await smtp.await('omar.haddad@kc-edu.example');
    assert.match(mail.text, /Dana District|district\.admin@kc-edu\.example/, `the mail names the admin:\n${mail.text.slice(0, 3000)}`);
    assert.match(mail.text, /login-actions\/action-token/, 'with the link to set a new password');
  });
});

axeTest(test);
