// steps.js — the example's checks that the Chromium and the Firefox
// drivers share. A page of playwright-core and one of puppeteer-core take
// the same evaluate, $eval, click and screenshot calls; typing a search
// differs, so each driver passes its own search(page, text).
'use strict';
const path = require('path');
const inPage = require('./in_page.js');
const { check } = require('./report.js');

// Search "DPRK" (an alias): North Korea is centred and selected; then the
// panel closed, a click on its name opens it with a source by name and a
// file:line. Screenshots PREFIX-search.png. Returns [index, selector, panel].
async function dprk(page, search, shots, prefix) {
  await search(page, 'DPRK');
  // the pan is drawn in the next animation frame: wait for two
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const nk = await page.evaluate(inPage.pick, 'dprk');
  check(nk >= 0, 'North Korea (dprk) is in the data');
  const sel = 'g[data-test="pick"]';
  const off = await page.evaluate(inPage.offCentre, sel);
  check(off < 3, `search "DPRK" centres North Korea (${off.toFixed(1)} px off centre)`);
  check(await page.$eval(sel, (g) => g.classList.contains('kg-sel')), 'the found entity is selected');
  await page.screenshot({ path: path.join(shots, prefix + '-search.png') });

  await page.click('.kg-close');
  check(await page.$eval('#kg-panel', (p) => p.hidden), 'the close button hides the panel');
  await page.click(sel + ' text');
  const panel = await page.evaluate(inPage.panelInfo);
  check(!panel.hidden && panel.h2 === 'North Korea', 'a click opens the panel on North Korea: ' + panel.h2);
  check(panel.sources.some((s) => panel.sourceNames.includes(s) && s.length > 0), 'a source by name: ' + panel.sources[0]);
  const loc = panel.dds[panel.dts.indexOf('defined at')] || '';
  check(/state\.yaml:\d+$/.test(loc), 'the origin file:line: ' + loc);
  return [nk, sel, panel];
}

module.exports = { dprk };
