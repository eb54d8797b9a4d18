// Bytes and time of a console's first screen after login, kc-edu's console against Keycloak's own admin console,
// alternating in one Chromium run against one server (issue 13; method of ../shared/design/performance-anchors.md).
// For each sample: a fresh browser context (cold cache at the start, the browser cache on as users have it), open the console's address, which sends the browser to the
// realm's login page; the login page's own bytes (everything from the login document's request until the submit)
// are left out; submit; count every response until network idle after the submit, plus what the console loaded
// before it redirected to the login page. Bytes are as transferred (Network.loadingFinished encodedDataLength), by resource type.
//   node bench/console/measure.mjs <baseUrl> [samples=5]
import { createRequire } from 'node:module';

// playwright-core as installed for the browser tests (console/e2e), not a second copy
const { chromium } = createRequire(new URL('../../console/e2e/package.json', import.meta.url))('playwright-core');

const base = process.argv[2] ?? 'http://localhost:8280';
const samples = Number(process.argv[3] ?? 5);
const CONSOLES = {
  'kc-edu console': { url: `${base}/realms/edu/kc-edu/console/`, user: 'district.admin@kc-edu.example', password: 'kc-edu-demo-2026', ready: '[data-testid="nav-home"]' },
  'Keycloak admin console': { url: `${base}/admin/master/console/`, user: 'admin', password: 'admin', ready: '[data-testid="welcomeTab"], #kc-main-content-page-container, [data-testid="realmSelector"]' },
};

const LOGIN_DOCUMENT = /\/protocol\/openid-connect\/auth\?/;

async function once(browser, c) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  let phase = 'before-login';
  const totals = { 'before-login': {}, login: {}, 'after-submit': {} };
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.type = e.type;
  });
  let inflight = 0;
  let lastActivity = performance.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!requests.has(e.requestId)) inflight++;
    lastActivity = performance.now();
    // from the console's redirect to the login page until the submit, everything is the login page's
    if (phase === 'before-login' && e.type === 'Document' && LOGIN_DOCUMENT.test(e.request.url)) phase = 'login';
    requests.set(e.requestId, { url: e.request.url, type: e.type, phase });
  });
  cdp.on('Network.loadingFailed', (e) => {
    if (requests.has(e.requestId)) inflight--;
    lastActivity = performance.now();
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    inflight--;
    lastActivity = performance.now();
    if (r.phase === 'login') return; // the login page's own bytes
    const t = totals[r.phase];
    const kind = r.type === 'Script' ? 'js' : r.type === 'Stylesheet' ? 'css' : r.type === 'Font' ? 'font' : 'other';
    t[kind] = (t[kind] ?? 0) + e.encodedDataLength;
  });
  await page.goto(c.url);
  await page.locator('#username').waitFor({ timeout: 60_000 });
  await page.waitForLoadState('load');
  await page.fill('#username', c.user);
  await page.fill('#password', c.password);
  phase = 'after-submit';
  const t0 = performance.now();
  await page.click('#kc-login');
  await page.locator(c.ready).first().waitFor({ timeout: 60_000 });
  const firstScreen = performance.now() - t0;
  // network idle: nothing in flight and nothing new for a second; the moment is the end of the last response
  while (inflight > 0 || performance.now() - lastActivity < 1000) await new Promise((r) => setTimeout(r, 50));
  const idle = lastActivity - t0;
  await context.close();
  const sum = (k) => (totals['before-login'][k] ?? 0) + (totals['after-submit'][k] ?? 0);
  return { js: sum('js'), css: sum('css'), font: sum('font'), other: sum('other'), firstScreen, idle };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (b) => (b / 1024).toFixed(0) + ' KiB';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const results = Object.fromEntries(Object.keys(CONSOLES).map((k) => [k, []]));
try {
  // one warm-up each (server-side caches, theme compilation), not counted
  for (const c of Object.values(CONSOLES)) await once(browser, c);
  for (let i = 0; i < samples; i++) {
    for (const [name, c] of Object.entries(CONSOLES)) results[name].push(await once(browser, c));
  }
} finally {
  await browser.close();
}
const rows = {};
for (const [name, rs] of Object.entries(results)) {
  rows[name] = Object.fromEntries(['js', 'css', 'font', 'other', 'firstScreen', 'idle'].map((k) => [k, median(rs.map((r) => r[k]))]));
}
console.log(`bench: console first screen after login, medians of ${samples} cold-cache samples, Chromium ${browser.version?.() ?? ''}`);
for (const [name, r] of Object.entries(rows)) {
  console.log(`bench: ${name.padEnd(24)} js ${kb(r.js).padStart(9)}  css ${kb(r.css).padStart(8)}  js+css ${kb(r.js + r.css).padStart(9)}  fonts ${kb(r.font).padStart(7)}  other ${kb(r.other).padStart(8)}  first screen ${r.firstScreen.toFixed(0)} ms  network idle ${r.idle.toFixed(0)} ms`);
}
const ours = rows['kc-edu console'];
const stock = rows['Keycloak admin console'];
console.log(`bench: ratio kc-edu / stock: js+css bytes ${((ours.js + ours.css) / (stock.js + stock.css)).toFixed(2)} (target <= 0.50), network idle after submit ${(ours.idle / stock.idle).toFixed(2)} (target <= 1.00)`);
