// Flow 9 (requirements §3.2.4, §3.4.2, §3.5.4, §3.5.5): the directory through the console, as the realm admin and
// as a district admin. Each step checks what the page shows and then what the API holds:
// 9a create a district under the state and a school under it (the create dialog preselects the next level),
// 9b edit the school (name, NCES id), 9c move it to another district (the dialog offers only allowed parents, never
// the school itself or its current parent; no Move for the root state), 9d set it inactive ("(inactive)" in the
// tree's text) and delete (the refusal of a district with a school below it, then with everything below it),
// 9e a district admin creates a school in the district and is refused outside it (the server's message shown),
// 9f a user's whole life in the console: created with a first role, found through the school, added to and removed
// from a group found by typing (a late answer to an older search is not shown), a role revoked, disabled, deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeTest, enterText, errorAlertText, inSession, launch, NARROW, notice, settleLayout, WIDE } from '../lib/browser.js';
import { CONSOLE_URL, DEMO, USERS } from '../lib/env.js';
import { as, domainByIdentifier, must, userByUsername } from '../lib/api.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const admin = () => as(USERS.state);
const dana = () => as(USERS.district);

// what the flow creates (identifiers of the NCES shape: 7 digits for a district, 12 for a school)
const WEST = { identifier: '9900009', name: 'Westbrook School District', ncesId: '9900009' };
const WEST_HIGH = { identifier: '990000900091', name: 'Westbrook High School', ncesId: '990000900091' };
const WEST_ELEM = { identifier: '990000900092', name: 'Westbrook Elementary School' };
const WEST_HIGH_EDITED = { name: 'Westbrook Senior High School', ncesId: '990000900099' };
const ONLINE = { identifier: '990000100019', name: 'Northfield Online Academy' };
const INTRUDER = { identifier: '990000200029', name: 'Harbor Online School' };
const NEW_USER = { email: 'flow9.jordan@kc-edu.example', firstName: 'Jordan', lastName: 'Flowers' };
const GROUP = 'Flow 9 reading circle';

/** The domains of the realm with this identifier (an empty list once deleted). */
const byIdentifier = async (identifier) => must(admin(), `domains?identifier=${encodeURIComponent(identifier)}`);

/** Opens the hierarchy and the domain's detail by clicking its node in the tree. */
async function openInTree(s, page, identifier) {
  await page.getByTestId(`tree-node-${identifier}`).click();
  await page.getByTestId('domain-detail').waitFor();
  await shows(page, identifier);
  await s.settle();
}

/** Waits until the detail is the domain's (its identifier exactly: 9900009 is a prefix of its schools' ids). */
async function shows(page, identifier) {
  await page.getByTestId('domain-prop-identifier').filter({ hasText: new RegExp(`^\\s*${identifier}\\s*$`) }).waitFor();
}

/** The tree item (li) of a node: its own row and its children. */
const treeItem = (page, identifier) => page.getByTestId(`tree-node-${identifier}`).locator('xpath=ancestor::li[1]');

/**
 * At 375 px the open dialog's title wraps instead of being cut off, and its footer's buttons stay inside the dialog
 * (they wrap onto another line).
 */
async function dialogFitsOnAPhone(page) {
  await page.setViewportSize(NARROW);
  await settleLayout(page);
  const m = await page.evaluate(() => {
    const box = document.querySelector('.pf-v5-c-modal-box').getBoundingClientRect();
    const title = document.querySelector('.pf-v5-c-modal-box__title-text');
    const buttons = [...document.querySelectorAll('.pf-v5-c-modal-box__footer .pf-v5-c-button')].map((b) => b.getBoundingClientRect());
    return { cut: title.scrollWidth - title.clientWidth, lines: title.getBoundingClientRect().height / parseFloat(getComputedStyle(title).fontSize),
      outside: buttons.filter((r) => r.right > box.right + 0.5 || r.left < box.left - 0.5).length };
  });
  await page.setViewportSize(WIDE);
  await settleLayout(page);
  assert.ok(m.cut <= 1, `the dialog title is cut off at 375 px (${m.cut} px hidden)`);
  assert.ok(m.lines > 1.8, `the long dialog title wraps at 375 px (its height is ${m.lines.toFixed(1)} times its font size)`);
  assert.equal(m.outside, 0, 'every footer button inside the dialog at 375 px');
}

/** Fills and submits the create dialog; returns the type it had preselected. */
async function createChild(s, page, { name, identifier, ncesId }, shoot) {
  await page.getByTestId('domain-create').click();
  const type = page.getByTestId('domain-type');
  await type.waitFor();
  const preselected = await type.inputValue();
  await enterText(page.getByTestId('domain-name'), name);
  await enterText(page.getByTestId('domain-identifier'), identifier);
  if (ncesId) await enterText(page.getByTestId('domain-nces'), ncesId);
  if (shoot) await s.screen(shoot);
  await page.getByTestId('domain-save').click();
  return preselected;
}

test('flow 9a-9d: the realm admin creates, edits, moves, sets inactive and deletes domains', async () => {
  const state = await domainByIdentifier(admin(), DEMO.state.identifier);
  const southport = await domainByIdentifier(admin(), DEMO.southport.identifier);
  for (const d of [WEST, WEST_HIGH, WEST_ELEM]) assert.deepEqual(await byIdentifier(d.identifier), [], `${d.identifier} is free`);

  await inSession(browser, 'flow9', async (s, page) => {
    await s.login(USERS.state, { path: '#/hierarchy' });
    await page.getByTestId(`tree-node-${DEMO.state.identifier}`).waitFor();

    // the root state: no Move (it could go nowhere), but Create under it
    await openInTree(s, page, DEMO.state.identifier);
    await page.getByTestId('domain-edit').waitFor();
    await page.getByTestId('domain-create').waitFor();
    assert.equal(await page.getByTestId('domain-move').count(), 0, 'no Move button for the root state');

    // 9a: under a State the dialog preselects District
    const districtType = await createChild(s, page, WEST, 'create-district-dialog');
    assert.equal(districtType, 'DISTRICT', 'under a State the create dialog preselects District');
    await notice(page, new RegExp(`^District ${WEST.name} created$`));
    const west = await domainByIdentifier(admin(), WEST.identifier);
    assert.equal(west.type, 'DISTRICT');
    assert.equal(west.parentId, state.id, 'the API holds the district under the state');
    assert.equal(west.ncesId, WEST.ncesId);
    // the state's children reload: the tree under the state and its Children tab show the new district
    await treeItem(page, DEMO.state.identifier).getByTestId(`tree-node-${WEST.identifier}`).waitFor();
    await page.getByTestId(`domain-children-row-${WEST.identifier}`).waitFor();
    await s.screen('district-created');

    // under a District the dialog preselects School
    await openInTree(s, page, WEST.identifier);
    assert.equal(await createChild(s, page, WEST_HIGH, 'create-school-dialog'), 'SCHOOL', 'under a District the create dialog preselects School');
    await notice(page, new RegExp(`^School ${WEST_HIGH.name} created$`));
    await treeItem(page, WEST.identifier).getByTestId(`tree-node-${WEST_HIGH.identifier}`).waitFor();
    await page.getByTestId(`domain-children-row-${WEST_HIGH.identifier}`).waitFor();
    assert.equal(await createChild(s, page, WEST_ELEM), 'SCHOOL');
    await page.getByTestId(`domain-children-row-${WEST_ELEM.identifier}`).waitFor();
    for (const school of [WEST_HIGH, WEST_ELEM]) {
      const d = await domainByIdentifier(admin(), school.identifier);
      assert.equal(d.type, 'SCHOOL');
      assert.equal(d.parentId, west.id, `the API holds ${school.name} under the district`);
    }

    // 9b: edit the school's name and NCES id: the tree, the title and the properties follow
    await openInTree(s, page, WEST_HIGH.identifier);
    await page.getByTestId('domain-edit').click();
    await enterText(page.getByTestId('domain-name'), WEST_HIGH_EDITED.name);
    await enterText(page.getByTestId('domain-nces'), WEST_HIGH_EDITED.ncesId);
    await s.screen('edit-dialog');
    await page.getByTestId('domain-save').click();
    await notice(page, `${WEST_HIGH_EDITED.name} saved`);
    await page.getByTestId(`tree-node-${WEST_HIGH.identifier}`).filter({ hasText: WEST_HIGH_EDITED.name }).waitFor();
    await page.getByTestId('domain-detail').getByRole('heading', { level: 2, name: new RegExp(WEST_HIGH_EDITED.name) }).waitFor();
    assert.equal((await page.getByTestId('domain-prop-nces').innerText()).trim(), WEST_HIGH_EDITED.ncesId);
    const edited = await domainByIdentifier(admin(), WEST_HIGH.identifier);
    assert.equal(edited.name, WEST_HIGH_EDITED.name);
    assert.equal(edited.ncesId, WEST_HIGH_EDITED.ncesId);

    // 9c: move it to Southport; the dialog offers only parents of the allowed types, not the school or its district
    await page.getByTestId('domain-move').click();
    await page.getByTestId('move-allowed-types').waitFor();
    const allowedText = await page.getByTestId('move-allowed-types').innerText();
    assert.deepEqual(allowedText.replace(/^[^:]*:\s*|\.\s*$/g, '').split(', ').sort(), ['District', 'Group of Schools', 'State'],
      `the types a school may sit under: ${allowedText}`);
    assert.equal(await page.getByTestId('move-root').count(), 0, 'a school cannot go to the realm root: not offered');
    await enterText(page.getByTestId('move-parent'), 'Westbrook');
    await page.getByText('No matching domain in your scope').waitFor();
    await s.settle();
    assert.equal(await page.locator('[data-testid^="move-parent-option-"]').count(), 0,
      'neither the school itself nor its current district is offered');
    await enterText(page.getByTestId('move-parent'), '');
    await enterText(page.getByTestId('move-parent'), 'Southport');
    await page.getByTestId(`move-parent-option-${DEMO.southport.identifier}`).waitFor();
    await s.settle();
    assert.equal(await page.getByTestId(`move-parent-option-${DEMO.southportHigh.identifier}`).count(), 0, 'a school is no parent of a school');
    await s.screen('move-dialog-search');
    await page.getByTestId(`move-parent-option-${DEMO.southport.identifier}`).click();
    assert.equal((await page.getByTestId('domain-move-submit').innerText()).trim(), `Move under ${DEMO.southport.name}`);
    await dialogFitsOnAPhone(page);
    await s.screen('move-dialog-picked');
    await page.getByTestId('domain-move-submit').click();
    await notice(page, `${WEST_HIGH_EDITED.name} moved under ${DEMO.southport.name}`);
    assert.equal((await page.getByTestId('domain-prop-parent').innerText()).trim(), `DISTRICT ${DEMO.southport.identifier}`);
    assert.equal((await domainByIdentifier(admin(), WEST_HIGH.identifier)).parentId, southport.id, 'the API holds the move');
    // both parents' children reloaded: the school is under Southport in the tree, no longer under Westbrook
    await treeItem(page, DEMO.southport.identifier).getByTestId(`tree-node-${WEST_HIGH.identifier}`).waitFor();
    await treeItem(page, WEST.identifier).getByTestId(`tree-node-${WEST_ELEM.identifier}`).waitFor();
    // gone from the old district once its children have reloaded
    await treeItem(page, WEST.identifier).getByTestId(`tree-node-${WEST_HIGH.identifier}`).waitFor({ state: 'detached' });
    await s.screen('moved');
    await openInTree(s, page, WEST.identifier);
    await page.getByTestId(`domain-children-row-${WEST_ELEM.identifier}`).waitFor();
    assert.equal(await page.getByTestId(`domain-children-row-${WEST_HIGH.identifier}`).count(), 0, "the old district's children list");

    // 9d: set the moved school inactive: the tree says so in words
    await openInTree(s, page, WEST_HIGH.identifier);
    await page.getByTestId('domain-deactivate').click();
    await page.locator('label[for="deactivate-confirm"]').click();
    await s.screen('deactivate-dialog');
    await page.getByTestId('confirm').click();
    await notice(page, `${WEST_HIGH_EDITED.name} set inactive`);
    await page.getByTestId(`tree-node-${WEST_HIGH.identifier}`).filter({ hasText: '(inactive)' }).waitFor();
    assert.equal((await page.getByTestId(`tree-node-${WEST_HIGH.identifier}`).innerText()).trim(), `${WEST_HIGH_EDITED.name} (inactive)`);
    assert.equal((await page.getByTestId('domain-prop-status').innerText()).trim(), 'Inactive');
    assert.equal((await domainByIdentifier(admin(), WEST_HIGH.identifier)).active, false, 'the API holds it inactive');
    await s.screen('inactive');

    // deleting the district that still holds a school is refused: the dialog shows the server's reason and the hint
    const refusal = await admin().delete(`domains/${west.id}`);
    assert.equal(refusal.status, 409, refusal.text);
    await openInTree(s, page, WEST.identifier);
    await page.getByTestId('domain-delete').click();
    await page.getByTestId('confirm').click();
    const shown = await errorAlertText(page);
    assert.ok(shown.includes(refusal.body.message), `the dialog shows the server's "${refusal.body.message}": "${shown}"`);
    assert.match(await page.getByTestId('error-hint').innerText(), /Also delete everything below/);
    await s.screen('delete-refused');
    assert.equal((await byIdentifier(WEST.identifier)).length, 1, 'still there after the refusal');
    // with everything below it
    await page.locator('#delete-cascade').check();
    assert.equal((await page.getByTestId('confirm').innerText()).trim(), 'Delete with everything below');
    await s.screen('delete-cascade-dialog');
    await page.getByTestId('confirm').click();
    await notice(page, `${WEST.name} deleted with everything below it`);
    await page.getByTestId(`tree-node-${WEST.identifier}`).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId(`tree-node-${WEST_ELEM.identifier}`).count(), 0);
    await shows(page, DEMO.state.identifier);
    assert.equal((await admin().get(`domains/${west.id}`)).status, 404, 'the API no longer has the district');
    assert.deepEqual(await byIdentifier(WEST_ELEM.identifier), [], 'nor the school below it');
    await s.screen('deleted');

    // the inactive school has nothing below it: deleted after the confirmation, and Southport's children reload
    await openInTree(s, page, WEST_HIGH.identifier);
    await page.getByTestId('domain-delete').click();
    await page.getByTestId('confirm').click();
    await notice(page, `${WEST_HIGH_EDITED.name} deleted`);
    await shows(page, DEMO.southport.identifier);
    await page.getByTestId(`tree-node-${WEST_HIGH.identifier}`).waitFor({ state: 'detached' });
    assert.deepEqual(await byIdentifier(WEST_HIGH.identifier), [], 'the API no longer has the school');
  });
});

test('flow 9e: a district admin creates a school in the district and is refused outside it', async () => {
  const southport = await domainByIdentifier(admin(), DEMO.southport.identifier);
  const northfield = await domainByIdentifier(admin(), DEMO.northfield.identifier);
  for (const d of [ONLINE, INTRUDER]) assert.deepEqual(await byIdentifier(d.identifier), [], `${d.identifier} is free`);

  await inSession(browser, 'flow9-district', async (s, page) => {
    await s.login(USERS.district, { path: '#/hierarchy' });
    await openInTree(s, page, DEMO.northfield.identifier);
    // her own district is her scope's root: she changes what is below it, not the district itself
    await page.getByTestId('domain-create').waitFor();
    for (const b of ['domain-edit', 'domain-move', 'domain-delete']) assert.equal(await page.getByTestId(b).count(), 0, `no ${b} on her own district`);

    await page.getByTestId('domain-create').click();
    const type = page.getByTestId('domain-type');
    await type.waitFor();
    assert.equal(await type.inputValue(), 'SCHOOL', 'under a District the dialog preselects School');
    assert.deepEqual((await type.locator('option').evaluateAll((os) => os.map((o) => o.value))).sort(), ['GROUP_OF_SCHOOLS', 'SCHOOL'],
      'the types a District may hold');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await createChild(s, page, ONLINE);
    await notice(page, `School ${ONLINE.name} created`);
    await treeItem(page, DEMO.northfield.identifier).getByTestId(`tree-node-${ONLINE.identifier}`).waitFor();
    const online = await domainByIdentifier(dana(), ONLINE.identifier);
    assert.equal(online.parentId, northfield.id, 'the API holds the school in her district');

    // the same dialog, its request sent with a parent outside her district (as a crafted request would): the
    // server refuses, and the dialog shows the server's own message with the console's hint
    const refusal = await dana().post('domains', { type: 'SCHOOL', name: INTRUDER.name, identifier: INTRUDER.identifier, parentId: southport.id });
    assert.ok(refusal.status === 400 || refusal.status === 403 || refusal.status === 404, `${refusal.status} ${refusal.text}`);
    const domainsPost = (url) => url.pathname.endsWith('/kc-edu/domains');
    await page.route(domainsPost, async (route) => {
      const req = route.request();
      if (req.method() !== 'POST') return route.continue();
      await route.continue({ postData: JSON.stringify({ ...req.postDataJSON(), parentId: southport.id }) });
    });
    await page.getByTestId('domain-create').click();
    await enterText(page.getByTestId('domain-name'), INTRUDER.name);
    await enterText(page.getByTestId('domain-identifier'), INTRUDER.identifier);
    await page.getByTestId('domain-save').click();
    const shown = await errorAlertText(page);
    assert.ok(shown.includes(refusal.body.message), `the dialog shows the server's "${refusal.body.message}": "${shown}"`);
    assert.match(await page.getByTestId('error-hint').innerText(), /your own part of the hierarchy/);
    await s.screen('create-refused');
    await page.unroute(domainsPost);
    assert.deepEqual(await byIdentifier(INTRUDER.identifier), [], 'nothing was created outside her district');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // she deletes the school she created
    await openInTree(s, page, ONLINE.identifier);
    await page.getByTestId('domain-delete').click();
    await page.getByTestId('confirm').click();
    await notice(page, `${ONLINE.name} deleted`);
    await page.getByTestId(`tree-node-${ONLINE.identifier}`).waitFor({ state: 'detached' });
    assert.deepEqual(await byIdentifier(ONLINE.identifier), [], 'the API no longer has it');
  });
});

test('flow 9f: a user created with a first role, found through the school, in and out of a group, disabled, deleted', async () => {
  const northfieldHigh = await domainByIdentifier(admin(), DEMO.northfieldHigh.identifier);
  const northfield = await domainByIdentifier(admin(), DEMO.northfield.identifier);
  assert.equal((await admin().get(`users?search=${encodeURIComponent(NEW_USER.email)}`)).body.length, 0, 'the user is new');
  let group = (await must(admin(), `groups?search=${encodeURIComponent(GROUP)}`)).find((g) => g.name === GROUP);
  if (!group) {
    const made = await admin().post('groups', { name: GROUP, domainId: northfield.id });
    assert.equal(made.status, 201, made.text);
    group = made.body;
  }

  await inSession(browser, 'flow9-users', async (s, page) => {
    await s.login(USERS.district, { path: '#/users/new' });
    await page.getByTestId('user-email').waitFor();
    await enterText(page.getByTestId('user-email'), NEW_USER.email);
    await enterText(page.getByTestId('user-first-name'), NEW_USER.firstName);
    await enterText(page.getByTestId('user-last-name'), NEW_USER.lastName);
    await enterText(page.getByTestId('grant-domain'), DEMO.northfieldHigh.name);
    await page.getByTestId(`grant-domain-option-${DEMO.northfieldHigh.identifier}`).click();
    await page.getByTestId('grant-role').selectOption({ label: 'Digital Library User' });
    await page.getByTestId('user-save').click();
    await page.getByTestId('user-detail').waitFor();
    await s.settle();
    const user = await userByUsername(admin(), NEW_USER.email);
    assert.equal(user.firstName, NEW_USER.firstName);
    const [granted] = await must(admin(), `users/${user.id}/assignments`);
    assert.equal(granted?.role, 'Digital Library User');
    assert.equal(granted.domainIdentifier, DEMO.northfieldHigh.identifier, 'the API holds the first role at the school');
    await page.getByTestId(`assignment-row-${granted.id}`).waitFor();

    // the school lists the user and the role assignment (look-up by domain)
    await page.goto(`${CONSOLE_URL}#/hierarchy/${northfieldHigh.id}`);
    await page.getByTestId('domain-detail').waitFor();
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('link', { name: NEW_USER.email }).waitFor();
    await page.getByRole('tab', { name: 'Role assignments' }).click();
    await page.getByTestId(`assignment-row-${granted.id}`).waitFor();
    const atSchool = await must(admin(), `domains/${northfieldHigh.id}/assignments`);
    assert.ok(atSchool.some((a) => a.id === granted.id), 'the API lists it at the school');

    // add to a group found by typing; an older search's late answer ("none") must not replace the newer one
    await page.goto(`${CONSOLE_URL}#/users/${user.id}`);
    await page.getByTestId('user-detail').waitFor();
    await s.settle();
    const groupSearch = (url) => url.pathname.endsWith('/kc-edu/groups');
    await page.route(groupSearch, async (route) => {
      if (new URL(route.request().url()).searchParams.get('search') === 'zzz') await new Promise((r) => setTimeout(r, 2500));
      await route.continue().catch(() => {});
    });
    await page.getByTestId('user-group-add').click();
    await enterText(page.getByTestId('group-search'), 'zzz');
    await page.waitForTimeout(600); // the debounced request for "zzz" is out (and held back)
    await enterText(page.getByTestId('group-search'), GROUP.slice(0, 12));
    await page.getByTestId(`group-option-${GROUP}`).waitFor();
    await page.waitForTimeout(2600); // the late answer for "zzz" has arrived
    assert.equal(await page.getByTestId(`group-option-${GROUP}`).count(), 1, 'the newest answer stays');
    assert.equal(await page.getByText('No matching group.').count(), 0, "the older search's late answer is not shown");
    await page.unroute(groupSearch);
    await page.getByTestId(`group-option-${GROUP}`).click();
    assert.equal((await page.getByTestId('add-to-group-submit').innerText()).trim(), `Add to ${GROUP}`, 'the button names the group');
    await s.screen('add-to-group-dialog');
    await page.getByTestId('add-to-group-submit').click();
    await notice(page, `${NEW_USER.email} added to group ${GROUP}`);
    await page.getByTestId(`user-group-row-${GROUP}`).waitFor();
    assert.ok((await must(admin(), `users/${user.id}/groups`)).some((g) => g.id === group.id), 'the API holds the membership');

    await page.getByTestId(`user-group-remove-${GROUP}`).click();
    await page.getByTestId('confirm').click();
    await notice(page, `${NEW_USER.email} removed from group ${GROUP}`);
    await page.getByTestId(`user-group-row-${GROUP}`).waitFor({ state: 'detached' });
    assert.ok(!(await must(admin(), `users/${user.id}/groups`)).some((g) => g.id === group.id), 'the API no longer has it');

    // revoke the role (the user keeps no role at the school... and so leaves her scope: grant another one first)
    await page.getByTestId('grant-open').click();
    await enterText(page.getByTestId('grant-domain'), DEMO.riverbend.name);
    await page.getByTestId(`grant-domain-option-${DEMO.riverbend.identifier}`).click();
    await page.getByTestId('grant-role').selectOption({ label: 'Digital Library User' });
    await page.getByTestId('grant-submit').click();
    await page.getByTestId('grant-submit').waitFor({ state: 'detached' });
    await page.getByTestId(`assignment-revoke-${granted.id}`).click();
    await page.getByTestId('confirm').click();
    await page.getByTestId(`assignment-row-${granted.id}`).waitFor({ state: 'detached' });
    const left = await must(admin(), `users/${user.id}/assignments`);
    assert.deepEqual(left.map((a) => a.domainIdentifier), [DEMO.riverbend.identifier], 'the API holds the revocation');

    // disable, then delete
    await page.locator('label[for="user-enabled"]').click();
    await page.getByTestId('user-save').click();
    await notice(page, `${NEW_USER.email} disabled: they can no longer sign in`);
    assert.equal((await userByUsername(admin(), NEW_USER.email)).enabled, false, 'the API holds the user disabled');
    await s.screen('user-disabled');
    await page.getByTestId('user-delete').click();
    await s.screen('user-delete-dialog');
    await page.getByTestId('confirm').click();
    await page.getByTestId('user-table').or(page.getByText(/No users|No user/)).first().waitFor();
    await notice(page, `User ${NEW_USER.email} deleted`);
    assert.equal((await admin().get(`users/${user.id}`)).status, 404, 'the API no longer has the user');
    await s.screen('user-deleted');
  });
});

axeTest(test);
