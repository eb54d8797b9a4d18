// Flow 4 (issue 13, requirements §5.3): bulk assignments as the district admin: dry run with counts, run with
// progress to the end, error report downloaded, fixed file re-submitted, export downloaded equal to the server's;
// a DELETE of nothing, a repeated row and a blank line counted alike in dry run and run; every kind's columns are
// the server's export header, the groups template (CSV and XLSX) is one the server reads; an XLSX export.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axeTest, inSession, launch } from '../lib/browser.js';
import { DEMO, USERS } from '../lib/env.js';
import { as, must, userByUsername } from '../lib/api.js';
import { parseCsv, toCsv } from '../lib/csv.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const HEADER = ['username', 'role', 'domain_type', 'domain_identifier', 'subject', 'start', 'expiry'];
const ROWS = [
  ['li.chen@kc-edu.example', 'Classroom Teacher', 'SCHOOL', DEMO.northfieldElementary.identifier, 'ELA', '', ''],
  ['omar.haddad@kc-edu.example', 'Classroom Teacher', 'SCHOOL', DEMO.northfieldHigh.identifier, 'SCI', '', '2031-01-31'],
  // outside the district admin's scope (a school of the sibling district): refused, reported
  ['maria.garcia@kc-edu.example', 'Classroom Teacher', 'SCHOOL', DEMO.southportHigh.identifier, 'SCI', '', ''],
];

async function upload(page, name, csv) {
  await page.getByTestId('bulk-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('bulk-file-name').filter({ hasText: name }).waitFor();
}

/** Waits until THE job just started (its title names the kind of run and the file) has finished. */
async function finished(page, dryRun, fileName) {
  const title = `${dryRun ? 'Dry run of' : 'Import of'} ${fileName}`;
  await page.getByTestId('bulk-job').getByRole('heading').filter({ hasText: title }).waitFor({ timeout: 60_000 });
  await page.getByTestId('bulk-job').getByRole('heading').filter({ hasText: title })
    .getByTestId('bulk-status').filter({ hasText: /complete|fail/i }).waitFor({ timeout: 60_000 });
}

async function count(page, c) {
  return Number((await page.getByTestId(`bulk-count-${c}`).innerText()).replace(/[^0-9]/g, ''));
}

/** The counts the job shows: every bulk-count-* cell, by name. */
async function counts(page) {
  return Object.fromEntries(await page.locator('[data-testid^="bulk-count-"]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-testid').slice('bulk-count-'.length), Number(e.textContent.replace(/[^0-9]/g, ''))])));
}

/** The columns the import card names for the chosen kind ("Columns: a, b, action. An absent column …"). */
async function shownColumns(page) {
  const text = await page.getByTestId('bulk-columns').innerText();
  const m = text.match(/^Columns: (.*?)\. An absent column/);
  assert.ok(m, text);
  return m[1].split(', ');
}

const downloaded = async (page, testId) => {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
};

test('flow 4: dry run, run with progress, error report, fixed re-submit, export equals the server\'s', async () => {
  await inSession(browser, 'flow4', async (s, page) => {
    await s.login(USERS.district);
    await page.getByTestId('nav-bulk').first().click();
    await page.getByTestId('bulk-kind').waitFor();
    await s.settle();
    await s.screen('bulk');
    await page.getByTestId('bulk-kind').selectOption('assignments');

    await upload(page, 'assignments.csv', toCsv([HEADER, ...ROWS]));
    await page.getByTestId('bulk-dryrun').click();
    await finished(page, true, 'assignments.csv');
    assert.equal(await count(page, 'created'), 2, 'dry run predicts 2 grants');
    assert.equal(await count(page, 'rejected'), 1, 'and 1 refusal');
    await s.screen('bulk-dryrun');
    const li = await userByUsername(as(USERS.state), 'li.chen@kc-edu.example');
    const before = await must(as(USERS.state), `users/${li.id}/assignments`);
    assert.ok(!before.some((a) => a.subject === 'ELA'), 'the dry run wrote nothing');

    // the run, with its progress bar to the end
    await page.getByTestId('bulk-run').click();
    await page.getByTestId('bulk-progress').waitFor();
    await finished(page, false, 'assignments.csv');
    assert.match(await page.getByTestId('bulk-status').innerText(), /complete/i);
    const progress = page.getByTestId('bulk-progress').locator('[role=progressbar]').first();
    const value = (await progress.count()) ? await progress.getAttribute('aria-valuenow')
      : await page.getByTestId('bulk-progress').getAttribute('aria-valuenow');
    assert.equal(Number(value), 100, 'progress at the end');
    assert.equal(await count(page, 'created'), 2);
    assert.equal(await count(page, 'rejected'), 1);
    await s.screen('bulk-run');
    const held = await must(as(USERS.state), `users/${li.id}/assignments`);
    assert.ok(held.some((a) => a.subject === 'ELA' && a.domainIdentifier === DEMO.northfieldElementary.identifier), 'the API holds the new grant');

    // the error report: the refused row with its reason
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-errors-download').click()]);
    const report = parseCsv(readFileSync(await download.path(), 'utf8')).filter((r) => r.length > 1);
    const head = report[0];
    assert.ok(head.includes('error_line') && head.includes('error_message'), head.join(','));
    assert.equal(report.length, 2, `one error row: ${JSON.stringify(report)}`);
    const bad = Object.fromEntries(head.map((h, i) => [h, report[1][i]]));
    assert.equal(bad.username, 'maria.garcia@kc-edu.example');
    assert.match(bad.error_message, /scope|not grant/i, bad.error_message);

    // fix it (a school of the district instead), drop the report's own columns, re-submit
    const keep = head.map((h, i) => [h, i]).filter(([h]) => h !== 'error_line' && h !== 'error_message');
    const fixed = [keep.map(([h]) => h), keep.map(([h, i]) => (h === 'domain_identifier' ? DEMO.riverbend.identifier : report[1][i]))];
    await upload(page, 'assignments-fixed.csv', toCsv(fixed));
    await page.getByTestId('bulk-run').click();
    await finished(page, false, 'assignments-fixed.csv');
    assert.equal(await count(page, 'created'), 1);
    assert.equal(await count(page, 'rejected'), 0);
    await s.screen('bulk-fixed');
    const maria = await userByUsername(as(USERS.state), 'maria.garcia@kc-edu.example');
    assert.ok((await must(as(USERS.state), `users/${maria.id}/assignments`)).some((a) => a.subject === 'SCI'
      && a.domainIdentifier === DEMO.riverbend.identifier), 'the fixed row was imported');

    // export of the district's assignments, equal to what the server exports for the same caller and filter
    await page.getByTestId('bulk-export-kind').selectOption('assignments');
    await page.getByTestId('bulk-export-domain').fill(`DISTRICT:${DEMO.northfield.identifier}`);
    await s.screen('bulk-export');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-export').click()]);
    const fromUi = readFileSync(await exported.path(), 'utf8');
    const fromServer = await as(USERS.district).get(`bulk/assignments/export?domain=DISTRICT:${DEMO.northfield.identifier}`);
    assert.equal(fromServer.status, 200);
    assert.equal(fromUi, fromServer.text);
    assert.ok(fromUi.includes('omar.haddad@kc-edu.example'), 'the export holds the imported rows');

    // the same export as an Excel workbook
    await page.getByTestId('bulk-export-format').selectOption('xlsx');
    const workbook = await downloaded(page, 'bulk-export');
    assert.equal(workbook.name, `assignments-DISTRICT_${DEMO.northfield.identifier}.xlsx`);
    assert.deepEqual([...workbook.bytes.subarray(0, 4)], [0x50, 0x4b, 3, 4], 'a ZIP, i.e. an XLSX workbook');
    const serverXlsx = await as(USERS.district).get(`bulk/assignments/export?domain=DISTRICT:${DEMO.northfield.identifier}&format=xlsx`);
    assert.equal(serverXlsx.status, 200);
    assert.match(serverXlsx.headers.get('content-type') ?? '', /spreadsheetml/);
    await page.getByTestId('bulk-export-format').selectOption('csv');

    // a DELETE that matches nothing, an identical repeat and a blank line: warnings and a skip, the same in dry run
    // and run (the assignment to delete does not exist; the repeated row is the grant made above, so unchanged)
    const ghost = ['li.chen@kc-edu.example', 'Classroom Teacher', 'SCHOOL', DEMO.riverbend.identifier, 'ELA', '', '', 'DELETE'];
    const held2 = await must(as(USERS.state), `users/${li.id}/assignments`);
    assert.ok(!held2.some((a) => a.role === 'Classroom Teacher' && a.domainIdentifier === DEMO.riverbend.identifier && a.subject === 'ELA'), 'nothing to delete');
    const again = [...ROWS[1], ''];
    const warnings = toCsv([[...HEADER, 'action'], ghost, again, again, ['', '', '', '', '', '', '', '']]);
    await upload(page, 'assignments-warnings.csv', warnings);
    const want = { created: 0, updated: 0, unchanged: 1, deleted: 0, rejected: 0, notFound: 1, duplicates: 1, blankLines: 1 };
    await page.getByTestId('bulk-dryrun').click();
    await finished(page, true, 'assignments-warnings.csv');
    assert.deepEqual(await counts(page), want, 'dry run: one DELETE of nothing, one repeat, one blank line');
    assert.equal((await page.getByTestId('bulk-counts').innerText()).includes('Not found (DELETE)'), true);
    await page.getByTestId('bulk-run').click();
    await finished(page, false, 'assignments-warnings.csv');
    assert.deepEqual(await counts(page), want, 'the run counts what the dry run predicted');
    const job = await must(as(USERS.district), `bulk/assignments/imports/${(await page.getByTestId('bulk-job').getAttribute('data-job-id'))}`);
    assert.deepEqual({ notFound: job.notFound, duplicates: job.duplicates, blankLines: job.blankLines }, { notFound: 1, duplicates: 1, blankLines: 1 });
    // the report's first rows are the two warnings, on the screen without downloading
    await page.getByTestId('bulk-error-rows').waitFor({ timeout: 20_000 });
    const shown = await page.getByTestId('bulk-error-rows').locator('tbody tr').allInnerTexts();
    assert.equal(shown.length, 2, shown.join(' | '));
    assert.ok(shown.some((r) => /nothing deleted/.test(r)) && shown.some((r) => /applied once/.test(r)), shown.join(' | '));
    await s.screen('bulk-warnings');

    // every kind offered: the columns named (and templated) are the server's export header, then action
    const kinds = await page.getByTestId('bulk-kind').locator('option').evaluateAll((os) => os.map((o) => o.value));
    for (const k of ['groups', 'group-assignments']) assert.ok(kinds.includes(k), `${k} is offered: ${kinds}`);
    for (const k of kinds) {
      await page.getByTestId('bulk-kind').selectOption(k);
      const exported = await as(USERS.district).get(`bulk/${k}/export`);
      assert.equal(exported.status, 200, `${k}: ${exported.text}`);
      assert.deepEqual(await shownColumns(page), [...parseCsv(exported.text)[0], 'action'], `${k}: the server's columns`);
    }

    // the groups template, CSV and XLSX; the workbook is one the server reads (a header-only file: nothing to do)
    await page.getByTestId('bulk-kind').selectOption('groups');
    const csvTemplate = await downloaded(page, 'bulk-template');
    assert.equal(csvTemplate.name, 'groups-template.csv');
    assert.equal(csvTemplate.bytes.toString('utf8'), 'domain_type,domain_identifier,name,description,action\r\n');
    const xlsxTemplate = await downloaded(page, 'bulk-template-xlsx');
    assert.equal(xlsxTemplate.name, 'groups-template.xlsx');
    await page.getByTestId('bulk-file').setInputFiles({ name: 'groups-template.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsxTemplate.bytes });
    await page.getByTestId('bulk-file-name').filter({ hasText: 'groups-template.xlsx' }).waitFor();
    await page.getByTestId('bulk-dryrun').click();
    await finished(page, true, 'groups-template.xlsx');
    assert.match(await page.getByTestId('bulk-status').innerText(), /complete/i, 'the server read the console\'s workbook');
    assert.deepEqual(await counts(page), { created: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0 });
    await s.screen('bulk-groups-template');
  });
});

axeTest(test);
