// Debian's Chromium driven by playwright-core (no browser download), one browser per test file, a fresh context per
// test; every screen is photographed and checked with axe-core at 1280x800 and 375x740.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, firefox } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { CHROMIUM, CONSOLE_URL, FIREFOX, HEADLESS, PASSWORD, SCREENSHOTS } from './env.js';

export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 375, height: 740 };
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: HEADLESS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Debian's Firefox ESR through WebDriver BiDi (channel moz-firefox): Playwright's own Firefox protocol needs its
 * patched build, which cannot be downloaded here, but BiDi drives the stock browser.
 */
export async function launchFirefox() {
  return firefox.launch({ channel: 'moz-firefox', executablePath: FIREFOX, headless: HEADLESS });
}

/**
 * A session of one test: a fresh context (own cookies, so its own SSO session), the page, and the axe record of
 * the screens it saw. {@code close()} always runs (in finally) so a failed assertion leaves no Chromium behind.
 */
export class Session {
  constructor(browser, file) {
    this.browser = browser;
    this.file = file;
    this.checks = [];
    this.consoleErrors = [];
  }

  async open(options = {}) {
    this.context = await this.browser.newContext({ viewport: WIDE, acceptDownloads: true, locale: 'en-US', ...options });
    this.page = await this.context.newPage();
    this.page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    this.page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
    return this.page;
  }

  /** Opens the console (path relative to it) and logs in through the realm's real login page. */
  async login(username, { password = PASSWORD, path = '', shoot = null } = {}) {
    const page = this.page;
    await page.goto(CONSOLE_URL + path);
    await page.locator('#username').waitFor({ timeout: 30_000 });
    if (shoot) await this.screen(shoot);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#kc-login');
    await page.getByTestId('nav-home').first().waitFor({ timeout: 30_000 });
    await this.settle();
  }

  /** Waits until the app has stopped loading: no spinner, network idle. */
  async settle() {
    await this.page.waitForLoadState('networkidle').catch(() => {});
    await this.page.locator('.pf-v5-c-spinner').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  }

  /**
   * Screenshot and axe-core check of the current screen at both widths (then back to 1280). Violations are recorded;
   * {@link assertAccessible} fails the test with all of them.
   */
  async screen(name) {
    const page = this.page;
    for (const size of [WIDE, NARROW]) {
      await page.setViewportSize(size);
      await settleLayout(page);
      await page.screenshot({ path: join(SCREENSHOTS, `${this.file}-${name}-${size.width}.png`), fullPage: true });
      const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      this.checks.push({
        screen: name,
        width: size.width,
        url: page.url(),
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
        })),
        passes: result.passes.length,
      });
    }
    await page.setViewportSize(WIDE);
  }

  violations() {
    return this.checks.filter((c) => c.violations.length > 0);
  }

  assertAccessible() {
    const bad = this.violations();
    if (bad.length > 0) {
      const lines = bad.flatMap((c) => [`${c.screen} @${c.width}px (${c.url}):`, ...c.violations.map((v) =>
        `  ${v.id} [${v.impact}] ${v.help}\n${v.nodes.map((n) => `      ${n.target}: ${n.summary?.replace(/\n/g, ' ')}`).join('\n')}`)]);
      throw new Error(`axe-core (${WCAG_TAGS.join(' ')}) found violations:\n${lines.join('\n')}`);
    }
  }

  async close() {
    const name = `axe-${this.file}-${process.hrtime.bigint()}.json`;
    if (this.checks.length) writeFileSync(join(SCREENSHOTS, name), JSON.stringify(this.checks, null, 1));
    await this.context?.close().catch(() => {});
  }
}

/**
 * After a resize: waits until the sidebar has folded (below PatternFly's xl breakpoint, 1200 px) or unfolded, and no
 * CSS transition is running (the sidebar slides for 250 ms; a screenshot or axe-core run during it sees a half-drawn
 * page, and axe may judge the contrast of text the sidebar is sliding over). At most 3 s, then it goes on.
 */
export async function settleLayout(page) {
  await page.waitForTimeout(50);
  await page.waitForFunction(() => {
    const sidebar = document.querySelector('#kc-sidebar');
    const folded = window.innerWidth < 1200;
    const sidebarDone = !sidebar || sidebar.classList.contains(folded ? 'pf-m-collapsed' : 'pf-m-expanded');
    const moving = document.getAnimations().some((a) => a.playState === 'running'
      && (typeof CSSTransition !== 'undefined' && a instanceof CSSTransition || a.effect?.getTiming().iterations !== Infinity));
    return sidebarDone && !moving;
  }, null, { timeout: 3_000, polling: 50 }).catch(() => {});
  // one more frame, so that the last transition's end is painted
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))).catch(() => {});
}

/** The axe results of every session of this test file (one node process per file), for {@link axeTest}. */
const fileChecks = [];

/**
 * Registers the file's accessibility test, run after its flows: 0 axe-core violations on every screen the flows
 * photographed, at both widths; fails listing them all. Kept apart from the flows so that a flow's own result
 * (what the page shows, what the API holds) is reported on its own.
 */
export function axeTest(test) {
  test('axe-core (wcag2a wcag2aa wcag21a wcag21aa): 0 violations on every screen of this file at 1280 and 375 px', () => {
    const s = new Session(null, 'all');
    s.checks = fileChecks;
    if (fileChecks.length === 0) throw new Error('no screen was checked (did the flows fail before their first screen?)');
    s.assertAccessible();
  });
}

/** Runs {@code body(session, page)} in a fresh session and always closes it; axe results go to {@link axeTest}. */
export async function inSession(browser, file, body, options) {
  const s = new Session(browser, file);
  try {
    const page = await s.open(options);
    await body(s, page);
  } catch (e) {
    if (s.page) {
      await s.page.screenshot({ path: join(SCREENSHOTS, `${file}-FAILED-${Date.now()}.png`), fullPage: true }).catch(() => {});
      e.message += `\n  at URL ${s.page.url()}`;
      if (s.consoleErrors.length) e.message += `\n  browser console errors:\n    ${s.consoleErrors.slice(0, 10).join('\n    ')}`;
    }
    throw e;
  } finally {
    fileChecks.push(...s.checks);
    await s.close();
  }
}

/**
 * Puts {@code value} into a text or date field as a user would. Chromium: {@code fill()}. Firefox over WebDriver BiDi:
 * playwright-core's {@code fill()} there assigns {@code input.value} from script and then fires an input event; React
 * tracks the value a script assigns, sees no change, and its {@code onChange} never runs, so a controlled field (every
 * field of the console) keeps its old state. Typing the keys goes through the browser's own editing, as a user's
 * keyboard does, and React sees it. A date field takes its digits in the locale's order (en-US: month, day, year).
 */
export async function enterText(locator, value) {
  const browser = locator.page().context().browser();
  if (browser?.browserType().name() !== 'firefox') {
    await locator.fill(value);
    return;
  }
  await locator.click();
  if ((await locator.getAttribute('type')) === 'date') {
    const [y, m, d] = value.split('-');
    await locator.pressSequentially(`${m}${d}${y}`);
    return;
  }
  await locator.press('ControlOrMeta+a');
  await locator.press('Delete');
  if (value) await locator.pressSequentially(value);
}

/**
 * Waits until the users list is the answer to the search {@code term}: the URL carries it (the debounce has fired),
 * no spinner, and every row's user name contains it (the unfiltered list of the district has rows that do not).
 */
export async function searchAnswered(page, term) {
  await page.waitForFunction((q) => {
    if (!decodeURIComponent(location.hash).includes(`search=${q}`)) return false;
    if (document.querySelector('.pf-v5-c-spinner')) return false;
    const rows = [...document.querySelectorAll('[data-testid^="user-row-"]')].map((e) => e.getAttribute('data-testid'));
    return rows.length > 0 && rows.every((r) => r.toLowerCase().includes(q.toLowerCase()));
  }, term, { timeout: 20_000 });
}

/**
 * Waits until the success notice says {@code expected} (a string: exactly; a RegExp: matching) and returns its text;
 * fails with what it said instead. A notice of the step before may still be up while the new request runs.
 */
export async function notice(page, expected, { timeout = 15_000 } = {}) {
  const end = Date.now() + timeout;
  const ok = (text) => (expected instanceof RegExp ? expected.test(text) : text === expected);
  let last = '(no notice)';
  while (Date.now() < end) {
    const alert = page.getByTestId('success-alert');
    if (await alert.count()) {
      last = (await alert.first().innerText().catch(() => '')).replace(/^\s*Success alert:\s*/i, '').trim();
      if (ok(last)) return last;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the success notice should say ${expected} but says "${last}"`);
}

/** The error alert the console shows for a refused request: its text. */
export async function errorAlertText(page) {
  const alert = page.getByTestId('error-alert').first();
  await alert.waitFor({ timeout: 15_000 });
  return (await alert.innerText()).trim();
}

/**
 * Keyboard only: presses Tab until {@code locator} has the focus (at most {@code max} times), checks that the focus
 * is visible (an outline or a focus ring drawn with box-shadow), and returns. Fails if it never gets there.
 */
export async function tabTo(page, locator, { max = 80, shift = false } = {}) {
  const target = locator.first();
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) {
      const visible = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const ring = (x) => x && x !== 'none' && !/^rgba\(0, 0, 0, 0\)/.test(x);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || ring(s.boxShadow)
          || el.matches(':focus-visible') && (ring(getComputedStyle(el, '::after').boxShadow) || getComputedStyle(el, '::after').borderStyle !== 'none');
      });
      if (!visible) throw new Error(`focus on ${await target.evaluate((el) => el.outerHTML.slice(0, 160))} is not visible`);
      return;
    }
  }
  throw new Error(`Tab never reached ${target} within ${max} presses`);
}
