// html_check.js — drives headless Chromium (Debian's, through playwright-core)
// over pages of `kg render -T html`, for tests/extra/html_browser.sh.
//
//   node html_check.js MODE PAGE.html SHOTS_DIR [ARG]
//
// MODE example: the example's page: no network request at all; search
//   "DPRK" (an alias) centres North Korea; clicking it fills the panel
//   (attributes, a source by name, a file:line) and marks its neighbours by
//   classes; a relation type turned off hides its edges; the year slider
//   hides what is not valid at the year; every edge is tied to the right
//   relation.
// MODE hostile: ARG is the hostile name: it shows as text, window.__pwned
//   is never set, nothing is requested, a non-http(s) url is not a link.
// MODE big: a large page: prints navigation-to-interactive and
//   search-and-centre times measured in the page (performance.now()); ARG is
//   the name to search. Never asserts a timing.
// Prints "ok: ..." lines, and "FAIL: ..." lines then exits 1 on a failure.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { chromium } = require('playwright-core');
const inPage = require('./in_page.js');
const { args, check, finish } = require('./report.js');
const { dprk } = require('./steps.js');
const [mode, pagePath, shots, arg] = args('html_check.js');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1280, height: 800 }, offline: true,
  });
  try {
    await run(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function run(context) {
  const url = 'file://' + path.resolve(pagePath);
  // Every request but the page itself is blocked and counted.
  const requests = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    requests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => { if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  await page.waitForSelector('html[data-kg-ready]', { timeout: 120000 });
  await page.waitForSelector('html[data-kg-painted]', { timeout: 120000 });
  const readyMs = await page.evaluate(() => [window.kgReadyMs, window.kgInteractiveMs]);

  if (mode === 'example') await example(page);
  else if (mode === 'hostile') await hostile(page);
  else if (mode === 'big') await big(page, readyMs);
  else throw new Error('unknown mode ' + mode);

  await page.waitForTimeout(200);
  check(requests.length === 0, 'network requests: ' + requests.length +
    (requests.length ? ' (' + requests.slice(0, 3).join(' ') + ')' : ''));
  check(errors.length === 0, 'script errors: ' + errors.length + (errors.length ? ' (' + errors[0] + ')' : ''));
}

async function search(page, q) {
  await page.fill('#kg-search', q);
  await page.press('#kg-search', 'Enter');
}

async function example(page) {
  const info = await page.evaluate(() => {
    const D = window.kg.data;
    let tied = 0, wrong = [];
    D.rels.forEach((r) => {
      if (!r.el) return;
      tied++;
      // The edge's tooltip names the relation in words (kgd_rel_tooltip).
      const a = r.el.querySelector('a');
      const tip = a ? a.getAttribute('xlink:title') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'title') : '';
      // a negated relation reads "not WORDS" (the drawing's negation)
      const neg = r.neg === true;
      const want = D.entities[r.f].name + (neg ? ' not ' : ' ') + D.rtypes[r.t].words + ' ' + D.entities[r.to].name;
      if (!tip.startsWith(want)) wrong.push(want + ' / ' + tip.slice(0, 80));
    });
    return { ents: D.entities.length, drawn: D.entities.filter((e) => e.el).length,
      rels: D.rels.length, tied, wrong, edges: D.rels.filter((r) => r.el && r.el.matches('g.edge')).length };
  });
  check(info.ents > 0 && info.drawn === info.ents, `entities tied to nodes: ${info.drawn} of ${info.ents}`);
  check(info.rels > 0 && info.tied === info.rels, `relations tied to edges: ${info.tied} of ${info.rels}`);
  check(info.wrong.length === 0, 'each edge tied to its own relation' + (info.wrong.length ? ': ' + info.wrong[0] : ''));
  await page.screenshot({ path: path.join(shots, 'example.png') });

  // Search by alias, centred; a click opens the panel.
  const [nk, , panel] = await dprk(page, search, shots, 'example');
  check(panel.dds[panel.dts.indexOf('type')] === 'country', 'the panel gives the type');
  check(panel.dds[panel.dts.indexOf('id')] === 'dprk', 'the panel gives the id');
  check(panel.attrs.length >= 1 && panel.attrs.includes('description'), 'the panel lists attributes: ' + panel.attrs.join(', '));
  check(panel.links.every((h) => /^https?:/.test(h)), 'links only to http(s)');
  check(panel.rels.some((t) => t.startsWith('not party to 2000 UN TIP Protocol')) &&
    !panel.rels.some((t) => t.startsWith('party to 2000 UN TIP Protocol')),
    'a negated relation reads "not party to" in the panel');

  // Neighbours by classes (the whole drawing in view, the selection kept).
  await page.evaluate(() => { window.kg.panZoom.fit(); window.kg.panZoom.center(); });
  await page.waitForTimeout(400); /* let a running pan or zoom settle (not a timing check) */
  const hl = await page.evaluate((nk) => {
    const D = window.kg.data, svg = document.querySelector('#kg-svg > svg');
    const nb = new Set();
    let relsOk = true;
    D.entities[nk].rels.forEach((ri) => {
      const r = D.rels[ri];
      nb.add(r.f); nb.add(r.to);
      if (!r.el.classList.contains('kg-nb')) relsOk = false;
    });
    let nodesOk = true, othersOk = true, other = null;
    D.entities.forEach((e, i) => {
      const has = e.el.classList.contains('kg-nb') || e.el.classList.contains('kg-sel');
      if (nb.has(i) || i === nk) { if (!has) nodesOk = false; } else {
        if (has) othersOk = false;
        if (other === null) other = i;
      }
    });
    // What is on top at the centre of each of the first ten non-neighbours
    // (panned to the middle of the free area): never the node itself, and
    // the veil at least once (a highlighted edge may pass over a point).
    let veiled = null, under = 0, onTop = 0;
    D.entities.forEach((e, i) => {
      if (nb.has(i) || i === nk || under + onTop >= 10) return;
      const s = svg.getBoundingClientRect();
      let r = e.el.getBoundingClientRect();
      window.kg.panZoom.panBy({ x: s.left + (s.width - 420) / 2 - (r.left + r.width / 2),
        y: s.top + s.height / 2 - (r.top + r.height / 2) });
      r = e.el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit && e.el.contains(hit)) onTop++;
      else if (hit && hit.closest('.kg-veil')) under++;
    });
    if (under + onTop > 0) veiled = onTop === 0 && under > 0;
    return { focus: !!svg.querySelector('g.kg-veil'), relsOk, nodesOk, othersOk, n: nb.size, dim: veiled };
  }, nk);
  check(hl.focus && hl.relsOk && hl.nodesOk && hl.othersOk && hl.n > 1,
    `neighbour highlighting by classes (${hl.n} neighbours, focus ${hl.focus}, edges ${hl.relsOk}, nodes ${hl.nodesOk}, others ${hl.othersOk})`);
  check(hl.dim === true, 'the rest is dimmed: under the veil (' + hl.dim + ')');
  // The probe's pans land together in the next frame: the whole drawing
  // back in view for the picture.
  await page.evaluate(() => { window.kg.panZoom.fit(); window.kg.panZoom.center(); });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(shots, 'example-click.png') });

  // A relation type off: its edges hidden, others not.
  await page.click('#kg-filters summary');
  const rt = await page.evaluate(inPage.commonestRelType);
  await page.uncheck(`input[data-type="relations:${rt}"]`);
  const hid = await page.evaluate(inPage.relTypeHidden, rt);
  check(hid.off > 0 && hid.bad === 0 && hid.on > 0,
    `relation type ${hid.name} off: ${hid.off} edges hidden, ${hid.bad} still shown, ${hid.on} others shown`);
  await page.screenshot({ path: path.join(shots, 'example-filter.png') });
  await page.check(`input[data-type="relations:${rt}"]`);
  await page.click('#kg-filters summary');

  await yearSlider(page);
}

// Moves the slider to each year a relation starts or ends and checks which
// edges show; then back to "all".
async function yearSlider(page) {
  const box = await page.$eval('#kg-year-box', (b) => !b.hidden);
  const dated = await page.evaluate(() => window.kg.data.rels.filter((r) => r.y0 !== undefined || r.y1 !== undefined).length);
  check(box === dated > 0, `the year slider shows when relations have dates (${dated} dated)`);
  if (!box) return;
  const res = await page.evaluate(() => {
    const D = window.kg.data, s = document.getElementById('kg-year');
    const years = new Set();
    D.rels.forEach((r) => { if (r.y0 !== undefined) { years.add(r.y0); years.add(r.y0 - 1); } if (r.y1 !== undefined) { years.add(r.y1); years.add(r.y1 + 1); } });
    let bad = [], ended = 0, notYet = 0;
    [...years].sort((a, b) => a - b).forEach((y) => {
      s.value = y;
      if (+s.value !== y) return; /* outside the slider */
      s.dispatchEvent(new Event('input'));
      D.rels.forEach((r) => {
        const want = (r.y0 === undefined || r.y0 <= y) && (r.y1 === undefined || y <= r.y1);
        const shown = getComputedStyle(r.el).display !== 'none';
        if (want !== shown) bad.push(y + ': ' + D.entities[r.f].id + ' ' + D.rtypes[r.t].name);
        if (!shown && r.y1 !== undefined && y > r.y1) ended++;
        if (!shown && r.y0 !== undefined && y < r.y0) notYet++;
      });
    });
    s.value = s.max;
    s.dispatchEvent(new Event('input'));
    const all = D.rels.every((r) => getComputedStyle(r.el).display !== 'none');
    return { bad, ended, notYet, all, out: document.getElementById('kg-year-out').textContent };
  });
  check(res.bad.length === 0, 'the year slider shows exactly the relations valid at each year' + (res.bad.length ? ': ' + res.bad[0] : ''));
  check(res.notYet > 0, 'relations hidden before their start: ' + res.notYet);
  check(res.all && res.out === 'all', 'the slider\'s last step shows every year');
  return res;
}

async function hostile(page) {
  check(await page.evaluate(() => window.__pwned === undefined), 'no script ran on load (window.__pwned unset)');
  await search(page, arg.slice(0, 20));
  const r = await page.evaluate((name) => {
    const p = document.getElementById('kg-panel');
    return { h2: p.querySelector('h2') && p.querySelector('h2').textContent, imgs: document.querySelectorAll('img').length,
      scripts: document.scripts.length, links: [...p.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      srcs: [...p.querySelectorAll('span.kg-src')].map((x) => x.textContent),
      texts: [...p.querySelectorAll('dd, td, bdi')].map((x) => x.textContent).filter((t) => t.includes('javascript:')).length,
      node: [...window.kg.data.entities.filter((e) => e.el).flatMap((e) => [...e.el.querySelectorAll('text')])].some((t) => t.textContent.includes('<img src=x')) };
  }, arg);
  check(r.h2 === arg, 'the hostile name shows as text in the panel');
  check(r.node, 'the hostile name shows as text in the drawing');
  check(r.imgs === 0 && r.scripts === 3, `no element made from data (img ${r.imgs}, scripts ${r.scripts})`);
  check(r.links.length > 0 && r.links.every((h) => /^https:\/\//.test(h)), 'only http(s) urls are links: ' + r.links.join(' '));
  check(r.srcs.includes('Hostile source') && r.texts > 0, 'a javascript: url and its source show as text');
  await page.click('#kg-filters summary');
  await page.click('#kg-filters summary');
  await yearSlider(page);
  const ended = await page.evaluate(() => {
    const D = window.kg.data, s = document.getElementById('kg-year');
    const r = D.rels.find((r) => r.y1 !== undefined);
    if (!r) return null;
    s.value = r.y1 + 1;
    s.dispatchEvent(new Event('input'));
    const gone = getComputedStyle(r.el).display === 'none';
    s.value = r.y1;
    s.dispatchEvent(new Event('input'));
    const there = getComputedStyle(r.el).display !== 'none';
    return { gone, there, y: r.y1 };
  });
  check(ended && ended.gone && ended.there, 'an ended relation disappears after its last year' + (ended ? ' (' + ended.y + ')' : ''));
  await page.screenshot({ path: path.join(shots, 'hostile.png') });
  check(await page.evaluate(() => window.__pwned === undefined), 'no script ran at all (window.__pwned unset)');
}

async function big(page, readyMs) {
  const n = await page.evaluate(() => [window.kg.data.entities.length, window.kg.data.rels.length,
    window.kg.data.entities.filter((e) => e.el && e.el.isConnected).length, window.kg.data.rels.filter((r) => r.el && r.el.isConnected).length]);
  check(n[2] === n[0] && n[3] === n[1], `big graph: ${n[2]} of ${n[0]} entities, ${n[3]} of ${n[1]} relations tied`);
  const times = [];
  for (const q of [arg, arg.slice(0, 6), arg]) {
    await page.evaluate(() => { window.kgSearchFrameMs = undefined; });
    await search(page, q);
    await page.waitForFunction(() => window.kgSearchFrameMs !== undefined, null, { timeout: 60000 });
    times.push(await page.evaluate(() => [window.kgSearchMs, window.kgSearchFrameMs]));
  }
  const found = await page.$eval('#kg-found', (x) => x.textContent);
  check(/ of /.test(found), 'the search found it: ' + found);
  await page.screenshot({ path: path.join(shots, 'big.png') });
  // Interactive: the first frame with the drawing painted; a search: to
  // the frame that shows it centred (the script's own part in brackets).
  console.log(`figure: navigation to interactive ${readyMs[1].toFixed(0)} ms (script done at ${readyMs[0].toFixed(0)} ms); ` +
    `search and centre ${times.map((t) => t[1].toFixed(0) + ' (' + t[0].toFixed(0) + ')').join(', ')} ms`);
}

finish(main);
