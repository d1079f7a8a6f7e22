/* draw_html.js — the script of `kg render -T html` pages (embedded in kg):
 * pan and zoom (svg-pan-zoom), search, the details panel, neighbour
 * highlighting, type filters and the year slider. Data is only ever put
 * in the page as text (textContent, attribute values), never as markup. */
(function () {
  'use strict';
  var marks = { start: performance.now() }; /* when each step ended, for doc/html.md's figures */
  var D = JSON.parse(document.getElementById('kg-data').textContent);
  var E = D.entities, R = D.rels, S = D.sources;
  marks.parsed = performance.now();
  /* The drawing comes parsed but inert, in a <template> (draw_html.c):
   * everything below that touches each of its elements does so there,
   * where nothing is styled or laid out yet, and the drawing enters the
   * page once, at the end, to be styled, laid out and painted once. */
  var tpl = document.getElementById('kg-drawing');
  var svg = tpl.content.querySelector('svg');
  var vp = svg.querySelector('g.svg-pan-zoom_viewport');
  var host = document.getElementById('kg-svg');
  var panel = document.getElementById('kg-panel');
  var search = document.getElementById('kg-search');
  var found = document.getElementById('kg-found');

  /* ---- the SVG's elements for entities and relations ---- */
  var byId = new Map(), byPair = new Map();
  E.forEach(function (e, i) { e.el = null; e.rels = []; byId.set(e.id, i); });
  R.forEach(function (r, i) {
    r.el = null;
    E[r.f].rels.push(i);
    if (r.to !== r.f) E[r.to].rels.push(i);
    /* Graphviz titles an edge "from->to" (entity ids); relations between
     * the same two come in the view's order in both. */
    var k = E[r.f].id + '->' + E[r.to].id;
    if (!byPair.has(k)) byPair.set(k, []);
    byPair.get(k).push(i);
  });
  function title(g) {
    for (var c = g.firstElementChild; c; c = c.nextElementSibling)
      if (c.localName === 'title') return c.textContent;
    return null;
  }
  /* Read only: no class or attribute is set on each element (a click
   * finds its element's entity or relation in this map). */
  var graph = svg.querySelector('g.graph') || vp;
  var owner = new WeakMap();
  svg.querySelectorAll('g.node, g.edge').forEach(function (g) {
    var i;
    if (g.classList.contains('node')) {
      i = byId.get(title(g));
      if (i === undefined) return;
      E[i].el = g;
      owner.set(g, 'e' + i);
    } else {
      var q = byPair.get(title(g));
      if (!q || !q.length) return;
      i = q.shift();
      R[i].el = g;
      owner.set(g, 'r' + i);
    }
  });
  marks.tied = performance.now();

  /* ---- pan and zoom ----
   * svg-pan-zoom measures the svg element (a forced layout): it does so
   * while that is in the page but the drawing is not, so that layout is of
   * an empty box. Its viewport is kg's group (draw_html.c), so it moves
   * nothing; it reads the size from the viewBox, never from getBBox. */
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  var drawing = tpl.content.ownerDocument.createDocumentFragment();
  while (vp.firstChild) drawing.appendChild(vp.firstChild);
  host.appendChild(svg);
  tpl.remove();
  var pz = svgPanZoom(svg, {
    viewportSelector: vp, zoomEnabled: true, controlIconsEnabled: true, dblClickZoomEnabled: false,
    fit: true, center: true, minZoom: 0.02, maxZoom: 200, zoomScaleSensitivity: 0.3
  });
  window.addEventListener('resize', function () { pz.resize(); });
  marks.panZoom = performance.now();
  vp.appendChild(drawing);
  marks.inPage = performance.now();

  /* ---- small helpers: elements with text, never markup ---- */
  /* f(time) once the next frame is painted: a task queued from inside an
   * animation frame runs after that frame's style, layout and paint. */
  function afterFrame(f) {
    requestAnimationFrame(function () { setTimeout(function () { f(performance.now()); }, 0); });
  }
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function isWeb(u) { return typeof u === 'string' && /^https?:\/\//i.test(u); }
  function sourceEl(si) {
    var s = S[si];
    if (!s) return el('span', '?');
    var x;
    if (isWeb(s.url)) {
      x = el('a', s.name);
      x.href = s.url;
      x.rel = 'noopener noreferrer';
      x.target = '_blank';
    } else {
      x = el('span', s.name);
    }
    x.className = 'kg-src';
    x.title = s.id;
    return x;
  }
  function sourcesEl(list) {
    var x = el('span');
    (list || []).forEach(function (si, k) {
      if (k) x.appendChild(document.createTextNode('; '));
      x.appendChild(sourceEl(si));
    });
    return x;
  }
  function entityLink(i) {
    var b = el('button', E[i].name, 'kg-link');
    b.type = 'button';
    b.addEventListener('click', function () { select(i, true); });
    return b;
  }

  /* ---- the details panel ---- */
  function dl(rows) {
    var x = el('dl');
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === '') return;
      add(x, el('dt', r[0]));
      var dd = add(x, el('dd'));
      if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = String(r[1]);
    });
    return x;
  }
  function attrsEl(attrs) {
    var t = el('table');
    var head = add(t, el('tr'));
    add(head, el('th', 'attribute'));
    add(head, el('th', 'value, claim by claim'));
    attrs.forEach(function (a) {
      var tr = add(t, el('tr'));
      add(tr, el('td', a.name));
      var td = add(tr, el('td'));
      a.claims.forEach(function (c) {
        var div = add(td, el('div', null, c.rank === 'deprecated' ? 'kg-deprecated' : null));
        add(div, el('bdi', c.v));
        var meta = [];
        if (c.rank) meta.push(c.rank);
        if (c.as_of) meta.push('as of ' + c.as_of);
        if (c.note) meta.push(c.note);
        if (meta.length) add(div, el('span', ' (' + meta.join('; ') + ')', 'kg-meta'));
        if (c.src && c.src.length) {
          var s = add(div, el('div', 'sources: ', 'kg-meta'));
          s.appendChild(sourcesEl(c.src));
        }
        if (c.loc) add(div, el('div', c.loc, 'kg-meta kg-loc'));
      });
    });
    return t;
  }
  function openPanel(heading) {
    panel.replaceChildren();
    var close = add(panel, el('button', '\u00d7', 'kg-close'));
    close.type = 'button';
    close.title = 'close';
    close.addEventListener('click', clearSelection);
    add(panel, el('h2', heading));
    panel.hidden = false;
  }
  function showEntity(i) {
    var e = E[i];
    openPanel(e.name);
    add(panel, dl([
      ['type', D.types[e.t]], ['id', e.id],
      ['aliases', e.aliases.length ? e.aliases.join('; ') : null],
      ['notes', e.notes], ['defined at', e.loc],
      ['sources', e.src.length ? sourcesEl(e.src) : null]
    ]));
    if (e.attrs.length) add(panel, attrsEl(e.attrs));
    if (e.rels.length) {
      add(panel, el('h3', 'relations'));
      var ul = add(panel, el('ul'));
      e.rels.forEach(function (ri) {
        var r = R[ri], li = add(ul, el('li'));
        var out = r.f === i;
        li.appendChild(document.createTextNode(out ? words(r) + ' ' : ''));
        li.appendChild(entityLink(out ? r.to : r.f));
        if (!out) li.appendChild(document.createTextNode(' ' + words(r)));
        var b = add(li, el('button', 'details', 'kg-link kg-more'));
        b.type = 'button';
        b.addEventListener('click', function () { selectRel(ri); });
      });
    }
  }
  /* a relation in words; a negated one says "not" as its edge does */
  function words(r) {
    return (r.neg ? 'not ' : '') + D.rtypes[r.t].words;
  }
  function showRel(ri) {
    var r = R[ri];
    openPanel(E[r.f].name + ' ' + words(r) + ' ' + E[r.to].name);
    add(panel, dl([
      ['type', D.rtypes[r.t].name], ['from', entityLink(r.f)], ['to', entityLink(r.to)],
      ['id', r.id], ['notes', r.notes], ['defined at', r.loc],
      ['years', r.y0 !== undefined || r.y1 !== undefined ?
        (r.y0 !== undefined ? r.y0 : '') + '\u2013' + (r.y1 !== undefined ? r.y1 : '') : null],
      ['sources', r.src.length ? sourcesEl(r.src) : null]
    ]));
    if (r.attrs.length) add(panel, attrsEl(r.attrs));
  }

  /* ---- selection and neighbour highlighting (classes) ----
   * The selected element and its neighbours get classes (kg-sel, kg-nb);
   * a veil over the drawing and copies of them on top of it dim the rest.
   * Touching only those few elements keeps a click fast on thousands: a
   * class on the whole drawing would restyle every element. */
  var SVGNS = 'http://www.w3.org/2000/svg';
  var marked = [], veil = null;
  function mark(x, cls) { if (x) { x.classList.add(cls); marked.push([x, cls]); } }
  function clearMarks() {
    marked.forEach(function (m) { m[0].classList.remove(m[1]); });
    marked = [];
    if (veil) veil.remove();
    veil = null;
  }
  function lift() {
    veil = document.createElementNS(SVGNS, 'g');
    veil.setAttribute('class', 'kg-veil');
    var r = add(veil, document.createElementNS(SVGNS, 'rect'));
    [['x', -1e6], ['y', -1e6], ['width', 2e6], ['height', 2e6]].forEach(function (a) { r.setAttribute(a[0], a[1]); });
    var seen = new Set();
    [].concat(marked.filter(function (m) { return m[0].classList.contains('edge'); }),
      marked.filter(function (m) { return !m[0].classList.contains('edge'); })).forEach(function (m) {
      if (seen.has(m[0])) return;
      seen.add(m[0]);
      var c = m[0].cloneNode(true);
      c.removeAttribute('id');
      c.querySelectorAll('[id]').forEach(function (x) { x.removeAttribute('id'); });
      veil.appendChild(c);
    });
    graph.appendChild(veil);
  }
  function clearSelection() {
    clearMarks();
    panel.hidden = true;
    panel.replaceChildren();
  }
  function select(i, centreIt) {
    clearMarks();
    mark(E[i].el, 'kg-sel');
    E[i].rels.forEach(function (ri) {
      var r = R[ri];
      mark(r.el, 'kg-nb');
      mark(E[r.f].el, 'kg-nb');
      mark(E[r.to].el, 'kg-nb');
    });
    lift();
    showEntity(i);
    if (centreIt) centre(E[i].el);
  }
  function selectRel(ri) {
    var r = R[ri];
    clearMarks();
    mark(r.el, 'kg-sel');
    mark(r.el, 'kg-nb');
    mark(E[r.f].el, 'kg-nb');
    mark(E[r.to].el, 'kg-nb');
    lift();
    showRel(ri);
  }
  var down = null;
  svg.addEventListener('mousedown', function (ev) { down = [ev.clientX, ev.clientY]; });
  svg.addEventListener('click', function (ev) {
    if (down && Math.abs(ev.clientX - down[0]) + Math.abs(ev.clientY - down[1]) > 4) return; /* a drag */
    var g = ev.target.closest && ev.target.closest('g.node, g.edge');
    var k = g && owner.get(g);
    if (!k) { if (!ev.target.closest('#svg-pan-zoom-controls')) clearSelection(); return; }
    var i = +k.slice(1);
    if (k[0] === 'e') select(i, false); else selectRel(i);
  });

  /* ---- centring, in the part of the drawing the panel leaves free ---- */
  function centre(g) {
    if (!g || g.style.display === 'none') return false;
    /* One measure (a forced layout); the zoom is about the element's own
     * centre, which so stays where it is: no second measure. */
    var b = svg.getBoundingClientRect(), r = g.getBoundingClientRect();
    var cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    var w = b.width - (panel.hidden ? 0 : panel.getBoundingClientRect().width);
    if (r.width < 40 && r.width > 0)
      pz.zoomAtPoint(pz.getZoom() * Math.min(80 / r.width, 50), { x: cx - b.left, y: cy - b.top });
    pz.panBy({ x: b.left + w / 2 - cx, y: b.top + b.height / 2 - cy });
    return true;
  }

  /* ---- search: id, name, alias; exact first, then prefix, then part ---- */
  /* Built after the first frame (when the browser is idle) or on first
   * use: nothing of it is needed to show the page. */
  var keys = null;
  var names = document.getElementById('kg-names'), named = false;
  function fillNames() {
    if (named) return;
    named = true;
    var all = document.createDocumentFragment();
    E.forEach(function (e) {
      [e.name].concat(e.aliases).forEach(function (s) {
        var o = document.createElement('option');
        o.value = s;
        all.appendChild(o);
      });
    });
    names.appendChild(all);
  }
  search.addEventListener('focus', fillNames);
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    if (!keys) keys = E.map(function (e) {
      return [e.id, e.name].concat(e.aliases).map(function (s) { return s.toLowerCase(); });
    });
    var exact = [], prefix = [], part = [];
    keys.forEach(function (ks, i) {
      if (ks.indexOf(q) >= 0) exact.push(i);
      else if (ks.some(function (k) { return k.startsWith(q); })) prefix.push(i);
      else if (ks.some(function (k) { return k.indexOf(q) >= 0; })) part.push(i);
    });
    return exact.concat(prefix, part);
  }
  var last = { q: null, hits: [], at: 0 };
  function runSearch() {
    var t0 = performance.now();
    var q = search.value;
    if (q !== last.q) last = { q: q, hits: matches(q), at: 0 };
    else if (last.hits.length) last.at = (last.at + 1) % last.hits.length;
    if (!last.hits.length) {
      found.textContent = q.trim() ? 'not found' : '';
    } else {
      var i = last.hits[last.at];
      found.textContent = (last.at + 1) + ' of ' + last.hits.length;
      if (!E[i].el) found.textContent += ' (not drawn)';
      else if (E[i].el.style.display === 'none') found.textContent += ' (hidden by a filter)';
      select(i, true);
    }
    window.kgSearchMs = performance.now() - t0;
    /* and with the frame that shows it: the figure doc/html.md gives */
    afterFrame(function (t) { window.kgSearchFrameMs = t - t0; });
  }
  search.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') runSearch(); });
  search.addEventListener('change', function () { if (search.value !== last.q) runSearch(); });

  /* ---- filters: types and year ---- */
  var tOn = D.types.map(function () { return true; });
  var rtOn = D.rtypes.map(function () { return true; });
  var year = null;
  function relShown(r) {
    return rtOn[r.t] && tOn[E[r.f].t] && tOn[E[r.to].t] &&
      (year === null || ((r.y0 === undefined || r.y0 <= year) && (r.y1 === undefined || year <= r.y1)));
  }
  function show(x, on) {
    if (!x) return;
    var d = on ? '' : 'none';
    if (x.style.display !== d) x.style.display = d;
  }
  function applyFilters() {
    E.forEach(function (e) { show(e.el, tOn[e.t]); });
    R.forEach(function (r) { show(r.el, relShown(r)); });
  }
  var box = document.getElementById('kg-types');
  function checkboxes(heading, list, on, label, count) {
    add(box, el('h3', heading));
    list.forEach(function (t, k) {
      var l = add(box, el('label'));
      var c = add(l, el('input'));
      c.type = 'checkbox';
      c.checked = true;
      c.setAttribute('data-type', heading + ':' + k);
      c.addEventListener('change', function () { on[k] = c.checked; applyFilters(); });
      l.appendChild(document.createTextNode(' ' + label(t) + ' (' + count[k] + ')'));
    });
  }
  var tCount = D.types.map(function () { return 0; }), rtCount = D.rtypes.map(function () { return 0; });
  E.forEach(function (e) { tCount[e.t]++; });
  R.forEach(function (r) { rtCount[r.t]++; });
  checkboxes('entities', D.types, tOn, function (t) { return t; }, tCount);
  checkboxes('relations', D.rtypes, rtOn, function (t) { return t.name; }, rtCount);

  var y0 = Infinity, y1 = -Infinity;
  R.forEach(function (r) {
    [r.y0, r.y1].forEach(function (y) { if (y !== undefined) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); } });
  });
  if (y0 <= y1) {
    var slider = document.getElementById('kg-year'), yout = document.getElementById('kg-year-out');
    slider.min = y0;
    slider.max = y1 + 1; /* the last step: every year */
    slider.step = 1;
    slider.value = y1 + 1;
    yout.textContent = 'all';
    slider.addEventListener('input', function () {
      var v = +slider.value;
      year = v > y1 ? null : v;
      yout.textContent = year === null ? 'all' : String(year);
      applyFilters();
    });
    document.getElementById('kg-year-box').hidden = false;
  }

  marks.ready = performance.now();
  window.kg = { data: D, panZoom: pz, select: select, search: runSearch, marks: marks };
  window.kgReadyMs = marks.ready;
  document.documentElement.setAttribute('data-kg-ready', '1');
  /* Interactive: the first frame with the drawing is painted (styled,
   * laid out: the browser's work, once) and the page takes input. */
  afterFrame(function (t) {
    marks.painted = t;
    window.kgInteractiveMs = t;
    document.documentElement.setAttribute('data-kg-painted', '1');
    if (window.requestIdleCallback) requestIdleCallback(fillNames, { timeout: 2000 });
    else setTimeout(fillNames, 50);
  });
})();
