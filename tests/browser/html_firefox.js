// html_firefox.js — drives Debian's Firefox ESR, headless, through
// puppeteer-core over WebDriver BiDi, over pages of `kg render -T html`,
// for tests/extra/html_firefox.sh: the key checks of html_check.js in the
// other browser the page must work in.
//
//   node html_firefox.js MODE PAGE.html SHOTS_DIR [ARG]
//
// MODE example: no network request; search "DPRK" (an alias) centres
//   North Korea; a click on it opens the panel with a source by name and a
//   file:line; a relation type turned off hides its edges.
// MODE hostile: ARG is the hostile name: it shows as text in the panel and
//   window.__pwned is never set.
// MODE big: a large page: prints the time to the first painted frame and
//   of a search, measured in the page; ARG is the name to search. Never
//   asserts a timing.
// Prints "ok: ..." lines, and "FAIL: ..." lines then exits 1 on a failure.
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const net = require('net');
const puppeteer = require('puppeteer-core');
const inPage = require('./in_page.js');
const { args, check, finish } = require('./report.js');
const { dprk } = require('./steps.js');
const [mode, pagePath, shots, arg] = args('html_firefox.js');

// Besides the requests WebDriver BiDi reports (intercepted below), Firefox
// is told to send every http, https and websocket request through this
// proxy on the loopback address, which counts each one and refuses it:
// nothing leaves the machine, and no request goes unseen.
const proxied = [];
function proxy() {
  return new Promise((resolve) => {
    const server = net.createServer((c) => {
      c.once('data', (d) => {
        proxied.push(d.toString('latin1').split('\r\n')[0].slice(0, 120));
        c.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      c.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-firefox-'));
  const server = await proxy();
  const port = server.address().port;
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, userDataDir: profile,
    protocolTimeout: 180000,
    // nothing of the browser's own goes to the network either
    extraPrefsFirefox: { 'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': port, 'network.proxy.share_proxy_settings': true,
      'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': true,
      // the browser's own traffic, off: remote settings, region, connectivity
      'services.settings.server': 'data:,#remote-settings-off/v1', 'browser.region.network.url': '',
      'network.connectivity-service.enabled': false, 'extensions.blocklist.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false, 'network.captive-portal-service.enabled': false,
      'app.normandy.enabled': false, 'toolkit.telemetry.enabled': false },
  });
  try {
    const version = await browser.version();
    console.log('browser: ' + version);
    await run(browser);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function run(browser) {
  const url = 'file://' + path.resolve(pagePath);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  // Every request but the page itself is blocked and counted. Firefox
  // itself loads a font from a data: url (the page's policy forbids it
  // any, so it is not the page's): it is named, not counted, as it never
  // leaves the machine.
  const requests = [], inline = [];
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === url) return r.continue();
    if (r.url().startsWith('data:')) inline.push(r.url().slice(0, 30));
    else requests.push(r.url());
    return r.abort();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(url, { waitUntil: 'load', timeout: 180000 });
  await page.waitForSelector('html[data-kg-painted]', { timeout: 180000 });
  const times = await page.evaluate(() => [window.kgReadyMs, window.kgInteractiveMs]);

  if (mode === 'example') await example(page);
  else if (mode === 'hostile') await hostile(page);
  else if (mode === 'big') await big(page, times);
  else throw new Error('unknown mode ' + mode);

  await new Promise((r) => setTimeout(r, 200));
  if (inline.length) console.log('note: data: urls (not network): ' + inline.join(' '));
  // Firefox's remote settings service still calls home through the proxy
  // now and then, whatever the profile says: the browser's, not the page's.
  const own = proxied.filter((l) => /^CONNECT firefox\.settings\.services\.mozilla\.com:443 /.test(l));
  if (own.length) console.log(`note: Firefox's own remote settings requests, refused: ${own.length}`);
  proxied.splice(0, proxied.length, ...proxied.filter((l) => !own.includes(l)));
  check(requests.length === 0 && proxied.length === 0, 'network requests: ' + (requests.length + proxied.length) +
    (requests.length + proxied.length ? ' (' + [...new Set(requests.concat(proxied))].slice(0, 3).join(', ') + ')' : ''));
  check(errors.length === 0, 'script errors: ' + errors.length + (errors.length ? ' (' + errors[0] + ')' : ''));
}

async function search(page, q) {
  await page.$eval('#kg-search', (x) => { x.value = ''; });
  await page.type('#kg-search', q);
  await page.keyboard.press('Enter');
}

// Waits for the frame after a search or a click (the pan is drawn in the
// next animation frame), then reads nothing: a settling step, not a timing.
function frames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

async function example(page) {
  const n = await page.evaluate(() => [window.kg.data.entities.length,
    window.kg.data.entities.filter((e) => e.el && e.el.isConnected).length]);
  check(n[0] > 0 && n[1] === n[0], `entities tied to nodes in the page: ${n[1]} of ${n[0]}`);
  await page.screenshot({ path: path.join(shots, 'firefox-example.png') });

  // Search by alias, centred; a click opens the panel.
  await dprk(page, search, shots, 'firefox');
  check(await page.$$eval('g.kg-nb', (x) => x.length) > 1, 'its neighbours are marked (kg-nb)');
  await page.screenshot({ path: path.join(shots, 'firefox-click.png') });

  // A relation type off: its edges hidden, the others not.
  await page.click('#kg-filters summary');
  const rt = await page.evaluate(inPage.commonestRelType);
  await page.click(`input[data-type="relations:${rt}"]`);
  const hid = await page.evaluate(inPage.relTypeHidden, rt);
  check(hid.off > 0 && hid.bad === 0 && hid.on > 0,
    `relation type ${hid.name} off: ${hid.off} edges hidden, ${hid.bad} still shown, ${hid.on} others shown`);
  await page.screenshot({ path: path.join(shots, 'firefox-filter.png') });
}

async function hostile(page) {
  check(await page.evaluate(() => window.__pwned === undefined), 'no script ran on load (window.__pwned unset)');
  await search(page, arg.slice(0, 20));
  await frames(page);
  const r = await page.evaluate(() => {
    const p = document.getElementById('kg-panel');
    return { h2: p.querySelector('h2') && p.querySelector('h2').textContent,
      imgs: document.querySelectorAll('img').length, scripts: document.scripts.length };
  });
  check(r.h2 === arg, 'the hostile name shows as text in the panel');
  check(r.imgs === 0 && r.scripts === 3, `no element made from data (img ${r.imgs}, scripts ${r.scripts})`);
  await page.screenshot({ path: path.join(shots, 'firefox-hostile.png') });
  check(await page.evaluate(() => window.__pwned === undefined), 'no script ran at all (window.__pwned unset)');
}

async function big(page, times) {
  const n = await page.evaluate(() => [window.kg.data.entities.length, window.kg.data.entities.filter((e) => e.el && e.el.isConnected).length]);
  check(n[1] === n[0], `big graph: ${n[1]} of ${n[0]} entities tied`);
  await page.evaluate(() => { window.kgSearchFrameMs = undefined; });
  await search(page, arg);
  await page.waitForFunction(() => window.kgSearchFrameMs !== undefined, { timeout: 60000 });
  const s = await page.evaluate(() => [window.kgSearchMs, window.kgSearchFrameMs]);
  check(/ of /.test(await page.$eval('#kg-found', (x) => x.textContent)), 'the search found it');
  console.log(`figure: Firefox: navigation to interactive ${times[1].toFixed(0)} ms (script done at ${times[0].toFixed(0)} ms); ` +
    `search and centre ${s[1].toFixed(0)} (${s[0].toFixed(0)}) ms`);
}

finish(main);
