// Flow 8 (issues 17 and 18, requirements §7.1, §8.2-8.3.2): the reports screen shows what the reports API answers
// (activity per domain, per application, per child domain; daily active users; the CSV download has the same
// numbers), a user's last login per application on their detail page; the realm admin manages self-registration
// rules and settings with the API's 400/409 messages at the field; a district admin reports on their district only
// and has no self-registration screen (nor does the server let them read it); the report says whether it was counted
// live or read from the snapshot, which the realm admin refreshes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { API_CLIENT, CONSOLE_URL, DEMO, USERS } from '../lib/env.js';
import { as, domainByIdentifier, must, token, userByUsername } from '../lib/api.js';
import { parseCsv } from '../lib/csv.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const num = (n) => new Intl.NumberFormat('en-US').format(n);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until the login aggregator (every 5 s) has written a login of {@code username} to {@code client}. */
async function loginRecorded(admin, userId, client) {
  for (let i = 0; i < 40; i++) {
    const logins = await must(admin, `reports/users/${userId}/logins`);
    const l = logins.find((x) => x.application === client);
    if (l) return logins;
    await sleep(1000);
  }
  throw new Error(`no login of ${userId} to ${client} was recorded`);
}

/** What the screen's summary, per-application, breakdown and trend tables show. */
async function readReport(page) {
  const text = async (sel) => (await page.locator(sel).first().innerText()).trim();
  const rows = async (prefix, cols) => Object.fromEntries(await page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els, [p, c]) =>
    els.map((e) => [e.getAttribute('data-testid').slice(p.length),
      Object.fromEntries(c.map((k) => [k, e.querySelector(`[data-testid="${k}"]`)?.textContent.trim()]))]), [prefix, cols]));
  return {
    registered: await text('[data-testid="report-registered"]'),
    active: await text('[data-testid="report-active"]'),
    applications: await rows('report-app-row-', ['active']),
    breakdown: await rows('report-row-', ['registered', 'active']),
  };
}

function expected(activity) {
  return {
    registered: num(activity.registered),
    active: num(activity.active),
    applications: Object.fromEntries(activity.applications.map((a) => [a.application, { active: num(a.active) }])),
    breakdown: Object.fromEntries(activity.breakdown.map((b) => [b.domainIdentifier, { registered: num(b.registered), active: num(b.active) }])),
  };
}

/**
 * The screen equals the API's answer. Logins of the test's own sessions are aggregated every 5 s, so the numbers may
 * move between the two reads: compare when the API answered the same before and after reading the page.
 */
async function assertShowsApi(s, page, client, query, apply) {
  let last;
  for (let i = 0; i < 4; i++) {
    const before = await must(client, `reports/activity?${query}`);
    await apply();
    const shown = await readReport(page);
    const after = await must(client, `reports/activity?${query}`);
    last = { shown, want: expected(after) };
    if (JSON.stringify(expected(before)) === JSON.stringify(last.want)) {
      assert.deepEqual(last.shown, last.want, 'the reports screen shows what GET reports/activity answers');
      return after;
    }
    await sleep(6000);
  }
  assert.deepEqual(last.shown, last.want, 'the reports screen shows what GET reports/activity answers');
  return undefined;
}

/**
 * Runs {@code act} (a click that loads the report) and waits for the two reports it asks the API for to arrive and
 * be shown (the spinner is up from before the requests until their answers are on the page).
 */
async function loaded(s, page, act) {
  const answer = (path) => page.waitForResponse((r) => r.url().includes(`/kc-edu/reports/${path}?`) && r.request().method() === 'GET', { timeout: 20_000 });
  await Promise.all([answer('activity'), answer('daily-active'), act()]);
  await page.locator('.pf-v5-c-spinner').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.getByTestId('report-summary').waitFor({ timeout: 20_000 });
  await page.getByTestId('trend-range').waitFor({ timeout: 20_000 });
}

const openReports = (s, page) => loaded(s, page, () => page.getByTestId('nav-reports').first().click());
const applyFilter = (s, page) => loaded(s, page, () => page.getByTestId('report-apply').click());

test('flow 8a: the reports screen and its CSV show what the reports API answers; the user detail shows last logins', async () => {
  const admin = as(USERS.state);
  const state = await domainByIdentifier(admin, DEMO.state.identifier);
  const teacher = await userByUsername(admin, USERS.teacher);
  // the teacher logs in (password grant of the API client): a login to one application
  await token(USERS.teacher);
  const logins = await loginRecorded(admin, teacher.id, API_CLIENT);

  await inSession(browser, 'flow8', async (s, page) => {
    await s.login(USERS.state);
    await sleep(6000); // this console login is aggregated within 5 s: let it land before comparing
    await openReports(s, page);
    assert.equal(await page.getByTestId('report-domain-selected').innerText(), `${state.name} (${state.type} ${state.identifier})`);
    const all = await assertShowsApi(s, page, admin, `domainId=${state.id}`, () => applyFilter(s, page));
    assert.ok(all === undefined || all.registered > 0, 'the demo state has registered users');
    // the trend: every (day, application) the API answers is in its cell
    const daily = await must(admin, `reports/daily-active?domainId=${state.id}`);
    for (const r of daily.rows) {
      assert.equal((await page.getByTestId(`trend-${r.day}-${r.application}`).innerText()).trim(), num(r.activeUsers), `${r.day} ${r.application}`);
    }
    assert.ok(daily.rows.some((r) => r.application === API_CLIENT), 'the teacher\'s login is in the trend');
    await s.screen('reports');
    await page.getByTestId('report-breakdown-table').scrollIntoViewIfNeeded();
    await s.screen('reports-tables');

    // where the figures come from: the demo state is far below snapshot-min-users, so counted live
    const liveAnswer = await must(admin, `reports/activity?domainId=${state.id}`);
    assert.equal(liveAnswer.source, 'live');
    assert.equal((await page.getByTestId('report-source').innerText()).trim(), 'Counted live.');
    // the realm admin retakes the snapshot (409 while the aggregator's own refresh runs: the message, then again)
    await page.getByTestId('report-summary').scrollIntoViewIfNeeded();
    for (let i = 0; ; i++) {
      const posted = page.waitForResponse((r) => r.url().includes('/kc-edu/reports/snapshot') && r.request().method() === 'POST', { timeout: 60_000 });
      // after a refresh the screen asks for the report again (the summary is replaced while it loads)
      const reloaded = page.waitForResponse((r) => r.url().includes('/kc-edu/reports/activity?') && r.request().method() === 'GET', { timeout: 90_000 });
      reloaded.catch(() => {}); // not awaited after a refusal
      await page.getByTestId('report-refresh-snapshot').click();
      const res = await posted;
      if (res.status() === 200) {
        await reloaded;
        await page.getByTestId('report-snapshot-taken').waitFor({ timeout: 20_000 });
        break;
      }
      assert.equal(res.status(), 409, `POST reports/snapshot: ${res.status()}`);
      const refused = page.getByTestId('report-summary').getByTestId('error-alert');
      await refused.waitFor({ timeout: 20_000 });
      assert.match(await refused.innerText(), /refresh is running/, 'a 409 shows the server\'s message');
      assert.ok(i < 5, 'the snapshot refresh stays refused');
      await sleep(5000);
    }
    assert.match(await page.getByTestId('report-snapshot-taken').innerText(), /Snapshot taken .+ \(\d+ domains?\)\./);
    // asked for the snapshot: the screen says so, with its time in the user's locale, and shows its numbers
    await page.selectOption('[data-testid="report-source-choice"]', 'snapshot');
    await applyFilter(s, page);
    const snap = await must(admin, `reports/activity?domainId=${state.id}&source=snapshot`);
    assert.equal(snap.source, 'snapshot', JSON.stringify(snap));
    const at = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(snap.asOf));
    assert.equal((await page.getByTestId('report-source').innerText()).replace(/\s+/g, ' ').trim(), `From the snapshot of ${at}.`.replace(/\s+/g, ' '));
    assert.deepEqual(await readReport(page), expected(snap), 'the snapshot\'s numbers');
    await page.getByTestId('report-source').scrollIntoViewIfNeeded();
    await s.screen('reports-snapshot');
    await page.selectOption('[data-testid="report-source-choice"]', '');

    // filtered by application and broken down by schools
    await page.selectOption('[data-testid="report-application"]', API_CLIENT);
    await page.selectOption('[data-testid="report-breakdown"]', 'SCHOOL');
    await page.selectOption('[data-testid="report-days"]', '7');
    const filtered = await assertShowsApi(s, page, admin, `domainId=${state.id}&application=${API_CLIENT}&breakdownType=SCHOOL`, () => applyFilter(s, page));
    assert.match(await page.getByTestId('report-period').innerText(), new RegExp(`to ${API_CLIENT}\\.`));
    assert.ok(await page.getByTestId(`report-row-${DEMO.northfieldHigh.identifier}`).count() === 1, 'schools are the rows');
    assert.ok(filtered === undefined || filtered.active >= 1, 'the teacher was active in the application');
    const week = await must(admin, `reports/daily-active?domainId=${state.id}&application=${API_CLIENT}&days=7`);
    assert.equal(await page.getByTestId('trend-range').count(), 1);
    for (const r of week.rows) {
      assert.equal((await page.getByTestId(`trend-${r.day}-${r.application}`).innerText()).trim(), num(r.activeUsers));
    }

    // the CSV download is the API's CSV of the same filter, with the numbers of its JSON
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv-activity').click()]);
    assert.equal(dl.suggestedFilename(), `activity-${state.type}-${state.identifier}.csv`);
    const rows = parseCsv(readFileSync(await dl.path(), 'utf8')).filter((r) => r.length > 1);
    const head = rows[0];
    const col = (r, name) => r[head.indexOf(name)];
    const json = await must(admin, `reports/activity?domainId=${state.id}&application=${API_CLIENT}&breakdownType=SCHOOL`);
    const total = rows.find((r) => col(r, 'level') === 'total');
    assert.equal(Number(col(total, 'registered')), json.registered);
    assert.equal(Number(col(total, 'active')), json.active);
    assert.equal(col(total, 'application'), API_CLIENT);
    const csvBreakdown = rows.filter((r) => col(r, 'level') === 'breakdown').map((r) => [col(r, 'domainIdentifier'), Number(col(r, 'registered')), Number(col(r, 'active'))]).sort();
    assert.deepEqual(csvBreakdown, json.breakdown.map((b) => [b.domainIdentifier, b.registered, b.active]).sort());
    const [dl2] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv-daily').click()]);
    const daily2 = parseCsv(readFileSync(await dl2.path(), 'utf8')).filter((r) => r.length > 1);
    assert.deepEqual(daily2[0], ['domainId', 'domainType', 'domainIdentifier', 'domainName', 'day', 'application', 'activeUsers']);
    const weekNow = await must(admin, `reports/daily-active?domainId=${state.id}&application=${API_CLIENT}&days=7`);
    assert.deepEqual(daily2.slice(1).map((r) => [r[4], r[5], Number(r[6])]), weekNow.rows.map((r) => [r.day, r.application, r.activeUsers]));

    // the teacher's detail: last login per application, as GET reports/users/{id}/logins answers
    await page.goto(CONSOLE_URL + `#/users/${teacher.id}`);
    await page.getByTestId('user-logins-table').waitFor({ timeout: 20_000 });
    await s.settle();
    const now = await must(admin, `reports/users/${teacher.id}/logins`);
    assert.ok(now.length >= logins.length);
    for (const l of now) {
      const row = page.getByTestId(`user-login-${l.application}`);
      assert.equal((await row.getByTestId('count').innerText()).trim(), num(l.logins), l.application);
      const shown = (await row.getByTestId('last').innerText()).replace(/\s+/g, ' ').trim();
      const want = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(l.lastLogin)).replace(/\s+/g, ' ');
      assert.equal(shown, want, 'last login in the user\'s locale');
    }
    await page.getByTestId('user-logins').scrollIntoViewIfNeeded();
    await s.screen('user-detail-logins');
  });
});

test('flow 8b: a district admin reports on their district only and has no self-registration screen', async () => {
  const district = as(USERS.district);
  const nf = await domainByIdentifier(as(USERS.state), DEMO.northfield.identifier);
  const state = await domainByIdentifier(as(USERS.state), DEMO.state.identifier);
  // the server: the state's report and the self-registration routes are refused
  assert.equal((await district.get(`reports/activity?domainId=${state.id}`)).status, 403);
  assert.equal((await district.get('self-registration/rules')).status, 403);
  assert.equal((await district.get('self-registration/settings')).status, 403);
  assert.equal((await district.post('self-registration/rules', { emailDomain: 'district-try.edu', role: 'Classroom Teacher',
    domainType: 'SCHOOL', domainIdentifier: DEMO.northfieldHigh.identifier, subject: 'MATH' })).status, 403);

  await inSession(browser, 'flow8', async (s, page) => {
    await s.login(USERS.district);
    await sleep(6000);
    assert.equal(await page.getByTestId('nav-self-registration').count(), 0, 'no self-registration entry');
    await openReports(s, page);
    assert.equal(await page.getByTestId('report-domain-selected').innerText(), `${nf.name} (${nf.type} ${nf.identifier})`);
    await assertShowsApi(s, page, district, `domainId=${nf.id}`, () => applyFilter(s, page));
    assert.equal(await page.getByTestId(`report-row-${DEMO.southportHigh.identifier}`).count(), 0, 'nothing of another district');
    assert.equal((await page.getByTestId('report-source').innerText()).trim(), 'Counted live.');
    assert.equal(await page.getByTestId('report-refresh-snapshot').count(), 0, 'refreshing the snapshot is for realm admins');
    assert.equal((await district.post('reports/snapshot', {})).status, 403);
    await s.screen('reports-district');
    // a typed-in address: the server's refusal, nothing of the rules
    await page.goto(CONSOLE_URL + '#/self-registration');
    await page.getByTestId('error-alert').waitFor({ timeout: 20_000 });
    const refusal = await district.get('self-registration/rules');
    assert.ok(refusal.body?.message, refusal.text);
    assert.ok((await page.getByTestId('error-alert').innerText()).includes(refusal.body.message), 'the server\'s refusal, as worded');
    assert.equal(await page.getByTestId('rule-table').count(), 0);
    assert.equal(await page.getByTestId('settings-form').count(), 0);
    await s.screen('self-registration-district');
  });
});

test('flow 8c: the realm admin manages self-registration rules and settings; the API\'s 400 and 409 appear at the field', async () => {
  const admin = as(USERS.state);
  const domain = 'screens-e2e.example.edu';
  const before = await must(admin, 'self-registration/settings');
  for (const r of (await must(admin, 'self-registration/rules')).filter((x) => x.emailDomain === domain)) {
    await admin.delete(`self-registration/rules/${r.id}`);
  }

  await inSession(browser, 'flow8', async (s, page) => {
    await s.login(USERS.state);
    await page.getByTestId('nav-self-registration').first().click();
    await page.getByTestId('settings-form').waitFor({ timeout: 20_000 });
    await s.settle();
    // the list is the API's list
    const listed = await must(admin, 'self-registration/rules');
    for (const r of listed) await page.getByTestId(`rule-row-${r.emailDomain}`).waitFor();
    assert.equal(await page.locator('[data-testid^="rule-row-"]').count(), listed.length);
    for (const k of ['linkLifetimeSeconds', 'requestsPerAddressPerHour', 'requestsPerIpPerHour']) {
      assert.equal(await page.getByTestId(`settings-${k}`).inputValue(), String(before[k]), k);
    }
    await s.screen('self-registration');

    // create
    const fill = async (emailDomain) => {
      await page.getByTestId('rule-create').click();
      await page.getByTestId('rule-email-domain').fill(emailDomain);
      await page.selectOption('[data-testid="rule-role"]', 'Classroom Teacher');
      await page.selectOption('[data-testid="rule-domain-type"]', 'SCHOOL');
      await page.getByTestId('rule-domain-identifier').fill(DEMO.northfieldHigh.identifier);
      await page.selectOption('[data-testid="rule-subject"]', 'MATH'); // Classroom Teacher is subject-specific
      await page.getByTestId('rule-save').click();
    };
    await fill(domain.toUpperCase() + '.');
    await page.getByTestId(`rule-row-${domain}`).waitFor({ timeout: 20_000 });
    let rule = (await must(admin, 'self-registration/rules')).find((r) => r.emailDomain === domain);
    assert.ok(rule, 'the API holds the rule, lower-cased without the trailing dot');
    assert.equal(rule.role, 'Classroom Teacher');
    assert.equal(rule.domainIdentifier, DEMO.northfieldHigh.identifier);
    assert.equal(rule.includeSubdomains, false);
    assert.equal(rule.subject, 'MATH');

    // the same domain again: the API's 409 under the e-mail domain field
    const dup = await admin.post('self-registration/rules', { emailDomain: domain, role: 'Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: DEMO.northfieldHigh.identifier, subject: 'MATH' });
    assert.equal(dup.status, 409);
    await fill(domain);
    await page.getByTestId('rule-emailDomain-error').waitFor({ timeout: 20_000 });
    assert.equal((await page.getByTestId('rule-emailDomain-error').innerText()).trim(), dup.body.message);
    assert.equal(await page.getByTestId('rule-email-domain').getAttribute('aria-invalid'), 'true');
    // a pattern is no domain: the API's 400 under the same field
    const bad = await admin.post('self-registration/rules', { emailDomain: '*.allowed.edu', role: 'Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: DEMO.northfieldHigh.identifier, subject: 'MATH' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'emailDomain');
    await page.getByTestId('rule-email-domain').fill('*.allowed.edu');
    await page.getByTestId('rule-save').click();
    await page.getByText(bad.body.message, { exact: true }).waitFor({ timeout: 20_000 });
    // an unknown school: the API's 400 where it points
    const unknown = await admin.post('self-registration/rules', { emailDomain: 'other-' + domain, role: 'Classroom Teacher', domainType: 'SCHOOL', domainIdentifier: 'NO-SUCH-SCHOOL', subject: 'MATH' });
    assert.ok([400, 404].includes(unknown.status), unknown.text);
    await page.getByTestId('rule-email-domain').fill('other-' + domain);
    await page.getByTestId('rule-domain-identifier').fill('NO-SUCH-SCHOOL');
    await page.getByTestId('rule-save').click();
    await page.getByText(unknown.body.message).first().waitFor({ timeout: 20_000 });
    // the directory names the field domainId (as for a grant): the form shows it under the identifier
    const at = { domainId: 'domainIdentifier', domainIdentifier: 'domainIdentifier', domainType: 'domainType' }[unknown.body.field];
    assert.ok(at, `the API names a field the form shows: ${unknown.text}`);
    assert.equal((await page.getByTestId(`rule-${at}-error`).innerText()).trim(), unknown.body.message);
    await page.getByTestId('rule-domain-identifier').scrollIntoViewIfNeeded();
    await s.screen('rule-form-error');
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await must(admin, 'self-registration/rules')).filter((r) => r.emailDomain.endsWith(domain)).length, 1, 'nothing else was created');

    // edit: include subdomains; the e-mail domain cannot change
    await page.getByTestId(`rule-row-${domain}`).getByTestId('rule-edit').click();
    assert.equal(await page.getByTestId('rule-email-domain').isDisabled(), true);
    await page.getByTestId('rule-include-subdomains').check();
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-form').waitFor({ state: 'detached' });
    await page.getByTestId(`rule-row-${domain}`).getByText(`@*.${domain}`).waitFor();
    rule = await must(admin, `self-registration/rules/${rule.id}`);
    assert.equal(rule.includeSubdomains, true);

    // settings: a valid change is saved; an out-of-range one shows the API's 400 under its field
    await page.getByTestId('settings-requestsPerIpPerHour').fill(String(before.requestsPerIpPerHour + 1));
    await page.getByTestId('settings-save').click();
    await page.getByTestId('success-alert').waitFor();
    assert.equal((await must(admin, 'self-registration/settings')).requestsPerIpPerHour, before.requestsPerIpPerHour + 1);
    const tooLong = await admin.put('self-registration/settings', { linkLifetimeSeconds: 604801 });
    assert.equal(tooLong.status, 400);
    await page.getByTestId('settings-linkLifetimeSeconds').fill('604801');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-linkLifetimeSeconds-error').waitFor();
    assert.equal((await page.getByTestId('settings-linkLifetimeSeconds-error').innerText()).trim(), tooLong.body.message);
    await page.getByTestId('settings-linkLifetimeSeconds').scrollIntoViewIfNeeded();
    await s.screen('self-registration-settings-error');
    assert.equal((await must(admin, 'self-registration/settings')).linkLifetimeSeconds, before.linkLifetimeSeconds);

    // delete
    await page.getByTestId(`rule-row-${domain}`).getByTestId('rule-delete').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId(`rule-row-${domain}`).waitFor({ state: 'detached' });
    assert.equal((await admin.get(`self-registration/rules/${rule.id}`)).status, 404);
  });
  assert.equal((await admin.put('self-registration/settings', before)).status, 200);
});

axeTest(test);
