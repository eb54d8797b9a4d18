// Accessibility and small-screen check of the kc-edu login theme pages (requirements 13.1, 13.2).
// Usage: node a11y.mjs <config.json>; the config names the pages (see ThemeAccessibilityIT). For each page and each
// viewport (1280x800, 375x740) it runs axe-core with the WCAG 2.0/2.1 A and AA rules, checks that the page does not
// scroll sideways, and writes a full-page screenshot. Prints one JSON line per page and viewport; exits 1 on any
// violation. Chromium is the Debian one (playwright's own browser download is not used).
import { readFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const viewports = [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 375, height: 740 }];
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
mkdirSync(config.screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: config.chromium || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  for (const vp of viewports) {
    for (const page of config.pages) {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const p = await context.newPage();
      try {
        await p.goto(page.url, { waitUntil: 'load' });
        for (const step of page.steps || []) {
          if (step.click) {
            await Promise.all([p.waitForLoadState('load'), p.click(step.click)]);
          } else if (step.fill) {
            await p.fill(step.fill, step.value);
          } else if (step.submit) {
            await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), p.click(step.submit)]);
          }
        }
        if (page.expect) {
          await p.waitForSelector(page.expect, { timeout: 10000 });
        }
        const results = await new AxeBuilder({ page: p }).withTags(tags).analyze();
        const sideways = await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        await p.screenshot({ path: `${config.screenshots}/${page.name}-${vp.name}.png`, fullPage: true });
        const violations = results.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) }));
        if (violations.length || sideways) {
          failed = true;
        }
        console.log(JSON.stringify({ page: page.name, viewport: vp.name, violations, sideways, passes: results.passes.length }));
      } catch (e) {
        failed = true;
        console.log(JSON.stringify({ page: page.name, viewport: vp.name, error: String(e) }));
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
