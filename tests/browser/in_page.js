// in_page.js — functions run inside a kg page (page.evaluate), shared by
// html_check.js (Chromium, playwright-core) and html_firefox.js (Firefox,
// puppeteer-core): each is passed to evaluate as it is, so it uses nothing
// from outside itself.
'use strict';

// How far, in pixels, the centre of the element is from the centre of the
// part of the drawing that the panel leaves free.
function offCentre(sel) {
  const g = document.querySelector(sel), s = document.querySelector('#kg-svg > svg');
  const p = document.getElementById('kg-panel');
  const r = g.getBoundingClientRect(), b = s.getBoundingClientRect();
  const w = b.width - (p.hidden ? 0 : p.getBoundingClientRect().width);
  return Math.hypot(r.left + r.width / 2 - (b.left + w / 2), r.top + r.height / 2 - (b.top + b.height / 2));
}

// Marks the node of the entity with this id for the test's selectors
// (data-test="pick"; the page itself sets no attribute per element) and
// returns the entity's index, or -1.
function pick(id) {
  const D = window.kg.data, i = D.entities.findIndex((e) => e.id === id);
  document.querySelectorAll('[data-test="pick"]').forEach((x) => x.removeAttribute('data-test'));
  if (i >= 0 && D.entities[i].el) D.entities[i].el.setAttribute('data-test', 'pick');
  return i;
}

// What the details panel shows, as text.
function panelInfo() {
  const p = document.getElementById('kg-panel');
  const dts = [...p.querySelectorAll('dt')].map((x) => x.textContent);
  const dds = [...p.querySelectorAll('dd')].map((x) => x.textContent);
  const h2 = p.querySelector('h2');
  return { hidden: p.hidden, h2: h2 ? h2.textContent : null, dts, dds,
    attrs: [...p.querySelectorAll('table tr td:first-child')].map((x) => x.textContent),
    sources: [...p.querySelectorAll('.kg-src')].map((x) => x.textContent),
    sourceNames: window.kg.data.sources.map((s) => s.name),
    links: [...p.querySelectorAll('a')].map((x) => x.getAttribute('href')),
    rels: [...p.querySelectorAll('li')].map((x) => x.textContent) };
}

// The relation type with the most relations.
function commonestRelType() {
  const D = window.kg.data, count = D.rtypes.map(() => 0);
  D.rels.forEach((r) => count[r.t]++);
  return count.indexOf(Math.max(...count));
}

// After relation type rt was turned off: its edges hidden, the others not.
function relTypeHidden(rt) {
  const D = window.kg.data;
  let off = 0, on = 0, bad = 0;
  D.rels.forEach((r) => {
    const shown = getComputedStyle(r.el).display !== 'none';
    if (r.t === rt) { if (shown) bad++; else off++; } else if (shown) on++;
  });
  return { off, on, bad, name: D.rtypes[rt].name };
}

module.exports = { offCentre, pick, panelInfo, commonestRelType, relTypeHidden };
