// bench_page.js — times kg's HTML pages in headless Chromium the same way
// whichever version of the page script they carry (doc/performance.md,
// "The HTML page"): navigation to the first frame painted after the page
// marks data-kg-ready, and Enter in the search box to the frame after;
// fresh browser per run, pages taken in turn; medians at the end.
//   NODE_PATH=build/browser/node_modules node tests/browser/bench_page.js RUNS NAME PAGE.html...
// NAME is an entity name to search. Not a test: it asserts nothing.
const path = require('path'), fs = require('fs'), os = require('os');
const { chromium } = require('playwright-core');
const [runs, q, ...pages] = process.argv.slice(2);
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const init = () => {
  const after = (f) => requestAnimationFrame(() => setTimeout(() => f(performance.now()), 0));
  new MutationObserver((m, o) => { if (document.documentElement.hasAttribute('data-kg-ready')) { o.disconnect(); after((t) => { window.__painted = t; }); } })
    .observe(document, { attributes: true, subtree: true, attributeFilter: ['data-kg-ready'] });
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { const t0 = performance.now(); window.__sf = undefined; after((t) => { window.__sf = t - t0; }); } }, true);
};
const res = {};
(async () => {
  for (let k = 0; k < +runs; k++) for (const p of pages) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kgb-'));
    const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 800 }, offline: true });
    const page = await ctx.newPage();
    await page.addInitScript(init);
    const load = os.loadavg()[0];
    await page.goto('file://' + path.resolve(p), { waitUntil: 'load', timeout: 120000 });
    await page.waitForFunction(() => window.__painted !== undefined, null, { timeout: 120000, polling: 100 });
    const painted = await page.evaluate(() => window.__painted);
    const s = [];
    for (const x of [q, q.slice(0, 6), q]) {
      await page.fill('#kg-search', x); await page.press('#kg-search', 'Enter');
      await page.waitForFunction(() => window.__sf !== undefined, null, { timeout: 60000, polling: 50 });
      s.push(await page.evaluate(() => window.__sf));
    }
    (res[p] = res[p] || []).push({ painted, s, load });
    console.log(path.basename(p), 'interactive', painted.toFixed(0), 'search+frame', s.map((x) => x.toFixed(0)).join(' '), 'load1', load.toFixed(1));
    await ctx.close(); fs.rmSync(profile, { recursive: true, force: true });
  }
  const med = (a) => { a = a.slice().sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; };
  for (const p in res) console.log('MEDIAN', path.basename(p), 'interactive', med(res[p].map((r) => r.painted)).toFixed(0),
    'range', Math.min(...res[p].map((r) => r.painted)).toFixed(0) + '-' + Math.max(...res[p].map((r) => r.painted)).toFixed(0),
    'first search', med(res[p].map((r) => r.s[0])).toFixed(0), 'next', med(res[p].flatMap((r) => r.s.slice(1))).toFixed(0),
    'load', med(res[p].map((r) => r.load)).toFixed(1));
})();
