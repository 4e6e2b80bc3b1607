(function () {
  'use strict';
  var t0 = performance.now();
  var problems = window.kubemonProblems;
  var origError = console.error;
  console.error = function () {
    problems.errors.push(Array.prototype.join.call(arguments, ' '));
    origError.apply(console, arguments);
  };
  var D = JSON.parse(document.getElementById('kubemon-data').textContent);
  var multi = D.runs.length > 1;
  var eager = /(^|[#&])all\b/.test(location.hash);
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  var drawn = [];
  var lastDrawMs = 0;
  var timelineRows = 0;
  var aligned = D.runs.some(function (r) { return !!r.align; });
  // Each run's axis from its start, or from its mark of --align's label.
  D.runs.forEach(function (r) {
    var off = r.offset || 0;
    r.xs = off ? r.x.map(function (v) { return v - off; }) : r.x;
    (r.events || []).forEach(function (e, k) { e.x = e.t - off; e.id = k; });
  });
  var AXIS = aligned ? 's since the mark ' + D.runs[0].align : 's since start';

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function iso(ms) { return new Date(ms).toISOString().replace('.000Z', 'Z'); }
  function dur(ms) {
    var s = ms / 1000;
    if (s < 120) { return (Math.round(s * 10) / 10) + ' s'; }
    if (s < 7200) { return (Math.round(s / 6) / 10) + ' min'; }
    return (Math.round(s / 360) / 10) + ' h';
  }
  function fmtNum(v, digits) {
    if (v == null || isNaN(v)) { return '–'; }
    var a = Math.abs(v);
    if (a !== 0 && (a < 0.001 || a >= 1e6)) { return v.toExponential(2); }
    return (+v.toPrecision(digits || 3)).toString();
  }
  function fmtBytes(v) {
    if (v == null || isNaN(v)) { return '–'; }
    var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    var a = Math.abs(v);
    while (a >= 1024 && i < u.length - 1) { a /= 1024; v /= 1024; i++; }
    return (+v.toPrecision(3)) + ' ' + u[i];
  }
  function fmtUnit(unit, v) {
    if (unit === 'bytes') { return fmtBytes(v); }
    if (unit === 'bytes/s') { return v == null ? '–' : fmtBytes(v) + '/s'; }
    if (unit === 'ratio') { return v == null ? '–' : (+(v * 100).toPrecision(3)) + ' %'; }
    if (unit === 'cores') { return v == null ? '–' : fmtNum(v) + ' cores'; }
    if (unit === '/s') { return v == null ? '–' : fmtNum(v) + '/s'; }
    return fmtNum(v);
  }

  // --- The header: each run, its nodes, and what its record says was missing ---
  var runsDiv = document.getElementById('runs');
  D.runs.forEach(function (r, i) {
    var m = r.meta || {};
    var box = el('div', {'class': 'run'});
    var line = (multi ? 'Run ' + (i + 1) + ' (' + r.label + '): ' : '') + 'run ' + r.id + ' · output ' + (m.outputDir || r.label)
      + ' · start ' + iso(r.startMs) + (m.stopAt && m.stopAt !== 'null' ? ' · stop ' + m.stopAt : ' · not stopped')
      + ' · interval ' + r.intervalMs + ' ms · ' + r.ticks + ' ticks (' + dur(r.ticks * r.intervalMs) + ') · '
      + r.rows + ' rows' + (m.state ? ' · ' + m.state : '');
    box.appendChild(el('div', null, line));
    if (r.minMax) {
      box.appendChild(el('div', {'class': 'cn'}, 'Charts show the min and max of each ' + dur(r.bucketMs)
        + ' bucket (' + (r.bucketMs / r.intervalMs) + ' ticks), so peaks survive; the CSV files have every tick.'));
    }
    var complete = m.complete === true;
    var missing = m.missingRows || 0;
    var status = el('div', {'class': complete ? 'ok' : (m.state ? 'bad' : '')},
      complete ? 'Complete: every row sampled is in the files.'
        : (m.state ? missing + ' row(s) missing, ' + (m.droppedRows || 0) + ' dropped; see per agent below.' : 'No run record (run.json).'));
    box.appendChild(status);
    var nodes = m.nodes || {};
    var agents = m.agents || [];
    if (Object.keys(nodes).length || agents.length) {
      var det = el('details', complete ? null : {open: ''});
      det.appendChild(el('summary', null, Object.keys(nodes).length + ' node(s), ' + agents.length + ' agent account(s)'));
      if (agents.length) {
        var t = el('table');
        var h = el('tr');
        ['node', 'agent', 'drain', 'sampled', 'delivered', 'missing', 'dropped (spool full / refused / restart / drain timeout / store failed)', 'first tick', 'last tick', 'missed ticks']
          .forEach(function (c) { h.appendChild(el('th', null, c)); });
        t.appendChild(h);
        agents.forEach(function (a) {
          var tr = el('tr', (a.missingRows || 0) > 0 || a.drain === 'timeout' || a.drain === 'store_failed' ? {'class': 'bad'} : null);
          var d = a.droppedRows || {};
          [a.nodeName, a.agentId, a.drain, a.sampledRows, a.deliveredRows, a.missingRows,
            [d.spoolFull, d.refused, d.agentRestart, d.drainTimeout, d.storeFailed].map(function (x) { return x == null ? '–' : x; }).join(' / '),
            a.firstTick, a.lastTick, a.missedTicks].forEach(function (c) { tr.appendChild(el('td', null, c == null ? '–' : String(c))); });
          t.appendChild(tr);
        });
        det.appendChild(t);
      }
      var names = Object.keys(nodes);
      if (names.length) {
        var inv = el('table');
        var keys = [];
        names.forEach(function (n) { Object.keys(nodes[n] || {}).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
        var hr = el('tr');
        hr.appendChild(el('th', null, 'node'));
        keys.forEach(function (k) { hr.appendChild(el('th', null, k)); });
        inv.appendChild(hr);
        names.forEach(function (n) {
          var tr = el('tr');
          tr.appendChild(el('td', null, n));
          keys.forEach(function (k) {
            var v = nodes[n][k];
            tr.appendChild(el('td', null, v == null ? '–' : (typeof v === 'object' ? JSON.stringify(v) : String(v))));
          });
          inv.appendChild(tr);
        });
        det.appendChild(inv);
      }
      box.appendChild(det);
    }
    if (r.unplaced > 0) {
      box.appendChild(el('div', {'class': 'warn'}, r.unplaced + ' process row(s) name a container that has no container file: not drawn.'));
    }
    var evs = r.events || [];
    if (evs.length) {
      var tl = el('details', evs.length <= 20 ? {open: '', 'class': 'timeline'} : {'class': 'timeline'});
      tl.appendChild(el('summary', null, 'Timeline: ' + evs.length + ' event(s); a click moves the charts\' cursor there'));
      var tt = el('table');
      var th = el('tr');
      [aligned ? AXIS : 's since start', 'time', 'node', 'kind', 'subject', 'detail', 'source']
        .forEach(function (c) { th.appendChild(el('th', null, c)); });
      tt.appendChild(th);
      evs.forEach(function (e) {
        var tr = el('tr', {'class': 'ev-row ev-' + e.kind, 'data-event': i + '/' + e.id});
        [(Math.round(e.x * 10) / 10) + ' s', e.at.replace('T', ' ').replace('Z', ''), e.node, e.kind, e.subject, e.detail, e.source]
          .forEach(function (c) { tr.appendChild(el('td', null, c == null || c === '' ? '–' : String(c))); });
        tr.addEventListener('click', function () { cursorAt(e.x); });
        tt.appendChild(tr);
        timelineRows++;
      });
      tl.appendChild(tt);
      box.appendChild(tl);
    }
    runsDiv.appendChild(box);
  });
  (D.warnings || []).forEach(function (w) { runsDiv.appendChild(el('div', {'class': 'warn'}, w)); });

  // --- Sections, grouped: nodes, then containers by pod ---
  var main = document.getElementById('sections');
  var filter = document.getElementById('filter');
  var count = document.getElementById('count');
  var sectionEls = [];
  var lastGroup = null;
  var groupEl = null;
  var chartCount = 0;
  var observer = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (en) {
      if (en.isIntersecting) { observer.unobserve(en.target); draw(en.target); }
    });
    writeState();
  }, {rootMargin: '600px'}) : null;

  // Called after each section's data element, while the page is still being parsed: the first
  // sections are drawn before the browser has read the rest of a large report.
  D.sections = [];
  window.kubemonSection = function () {
    var data = document.currentScript.previousElementSibling;
    var s = JSON.parse(data.textContent);
    data.remove(); // parsed: the text need not stay in the page
    D.sections.push(s);
    if (s.group !== lastGroup) {
      groupEl = el('h2', {'class': 'group'}, s.group);
      main.appendChild(groupEl);
      lastGroup = s.group;
    }
    var sec = el('section', {'class': 'sec', 'data-kind': s.kind, 'data-key': s.key});
    sec.dataset.filter = (s.group + ' ' + s.title + ' ' + s.subtitle + ' ' + s.key).toLowerCase();
    sec.groupEl = groupEl;
    sec.appendChild(el('h3', null, s.title));
    if (s.subtitle) { sec.appendChild(el('div', {'class': 'sub'}, s.subtitle)); }
    if (s.noData && s.noData.length) {
      sec.appendChild(el('div', {'class': 'sub warn'}, 'No data in the files for: ' + s.noData.join(', ')
        + ' (empty cells: this host or runtime does not provide them).'));
    }
    var grid = el('div', {'class': 'charts'});
    s.charts.forEach(function (c) {
      var box = el('div', {'class': 'chart', 'data-chart': s.key + '/' + c.id});
      box.chartDef = c;
      box.sec = s;
      box.appendChild(el('div', {'class': 'ct'}, c.title));
      grid.appendChild(box);
      chartCount++;
      if (!eager && observer) { observer.observe(box); }
    });
    sec.appendChild(grid);
    if (filter.value.trim()) { sec.hidden = sec.dataset.filter.indexOf(filter.value.trim().toLowerCase()) < 0; }
    main.appendChild(sec);
    sectionEls.push(sec);
  };

  // --- One chart ---
  function table(c) {
    var runsUsed = [];
    c.series.forEach(function (s) { if (runsUsed.indexOf(s.run) < 0) { runsUsed.push(s.run); } });
    if (runsUsed.length === 1) {
      return {data: [D.runs[runsUsed[0]].xs].concat(c.series.map(function (s) { return s.data; })), series: c.series};
    }
    // Each run on its own relative axis; uPlot.join aligns them (a point one run lacks is spanned,
    // a null, a gap in the data, stays a gap).
    var ordered = [];
    var tables = runsUsed.map(function (ri) {
      var own = c.series.filter(function (s) { return s.run === ri; });
      ordered = ordered.concat(own);
      return [D.runs[ri].xs].concat(own.map(function (s) { return s.data; }));
    });
    return {data: uPlot.join(tables), series: ordered};
  }

  function draw(box) {
    if (box.plot) { return; }
    var c = box.chartDef;
    var t = table(c);
    var raw = t.data;
    var data = raw.slice();
    // Stacked series are drawn cumulated, their legend shows their own value.
    // Each run is stacked on its own (compared runs are drawn side by side, not on each other).
    var acc = null;
    var accRun = null;
    t.series.forEach(function (s, i) {
      if (s.style === 'stacked') {
        if (s.run !== accRun) { acc = null; accRun = s.run; }
        var own = raw[i + 1];
        var sum = new Array(own.length);
        for (var k = 0; k < own.length; k++) {
          var v = own[k];
          sum[k] = v == null ? v : (acc && acc[k] != null ? acc[k] : 0) + v;
        }
        data[i + 1] = sum;
        acc = sum;
      }
    });
    var bucketRun = D.runs[t.series[0].run];
    var note = (bucketRun.minMax ? 'min/max per ' + dur(bucketRun.bucketMs) + ' bucket · ' : '') + (c.unit || 'value')
      + (c.empty && c.empty.length ? ' · no data in the files for: ' + c.empty.join(', ') : '');
    box.appendChild(el('div', {'class': 'cn'}, note));
    var wallRun = D.runs[0];
    var series = [{
      label: multi || aligned ? AXIS : 'time',
      value: function (u, v) {
        return v == null ? '' : (Math.round(v * 10) / 10) + ' s' + (multi ? '' : ' · ' + iso(wallRun.startMs + (v + (wallRun.offset || 0)) * 1000).substring(11));
      }
    }];
    // A stacked series fills the band down to the one below it (its own fill would cover those).
    var bands = [];
    var below = null;
    var belowRun = null;
    t.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      if (s.run !== belowRun) { below = null; belowRun = s.run; }
      var o = {
        label: (multi ? 'run ' + (s.run + 1) + ' ' : '') + s.label,
        stroke: s.style === 'limit' ? '#555' : color,
        width: s.style === 'limit' ? 1 : 1.25,
        value: (function (idx) {
          return function (u, v, si, di) {
            var own = di == null ? v : raw[idx + 1][di];
            return fmtUnit(c.unit, own);
          };
        })(i)
      };
      if (s.style === 'limit') { o.dash = [6, 4]; }
      if (s.style === 'stacked') {
        if (below == null) { o.fill = color + '66'; } else { bands.push({series: [i + 1, below], fill: color + '66'}); }
        below = i + 1;
      }
      series.push(o);
    });
    var width = Math.max(360, box.clientWidth || 440);
    var opts = {
      width: width,
      height: 200,
      series: series,
      cursor: {sync: {key: 'kubemon', setSeries: false}},
      bands: bands,
      scales: {
        x: {time: false},
        // From zero, and a flat zero line is drawn low, not as a 0..100 % chart of nothing.
        y: {range: function (u, min, max) {
          if (min == null || max == null) { return [0, 1]; }
          var lo = Math.min(0, min);
          var hi = max > lo ? max : lo + (c.unit === 'ratio' ? 0.01 : 1);
          return [lo, hi + (hi - lo) * 0.05];
        }}
      },
      axes: [
        {label: AXIS, size: 36, values: function (u, vals) { return vals.map(function (v) { return v + ''; }); }},
        {size: 84, values: function (u, vals) { return vals.map(function (v) { return fmtUnit(c.unit, v); }); }}
      ],
      legend: {live: true}
    };
    box.plot = new uPlot(opts, data, box);
    markEvents(box, t.series);
    if (t.series.some(function (s) { return s.style === 'heat'; })) { heatStrip(box, t, raw); }
    drawn.push(box);
    lastDrawMs = performance.now(); // since navigation start: parsing the embedded data included
    var gaps = 0;
    for (var si = 1; si < raw.length; si++) {
      for (var k = 0; k < raw[si].length; k++) { if (raw[si][k] === null) { gaps++; } }
    }
    box.dataset.series = String(t.series.length);
    box.dataset.nulls = String(gaps);
    box.dataset.spanGaps = String(series.slice(1).some(function (s) { return s.spanGaps; }));
  }

  // --- A heat strip under a chart of shares: one row per series (a CPU), time across, darker = busier ---
  function heatStrip(box, t, raw) {
    var u = box.plot;
    var rows = [];
    t.series.forEach(function (s, i) { if (s.style === 'heat') { rows.push({label: s.label, data: raw[i + 1]}); } });
    var ROW = 12;
    var LEFT = u.over.offsetLeft;
    var canvas = el('canvas', {'class': 'heat', width: String(u.width), height: String(rows.length * ROW)});
    var ctx = canvas.getContext('2d');
    var xs = raw[0];
    rows.forEach(function (r, ri) {
      ctx.fillStyle = '#5b6475';
      ctx.font = '10px sans-serif';
      ctx.fillText(r.label, 2, ri * ROW + 9);
      for (var k = 0; k < xs.length; k++) {
        var v = r.data[k];
        if (v == null || isNaN(v)) { continue; }
        var x0 = LEFT + u.valToPos(xs[k], 'x');
        var x1 = k + 1 < xs.length ? LEFT + u.valToPos(xs[k + 1], 'x') : x0 + 2;
        ctx.fillStyle = 'rgba(179, 38, 30, ' + Math.max(0, Math.min(1, v)).toFixed(3) + ')';
        ctx.fillRect(x0, ri * ROW, Math.max(1, x1 - x0), ROW - 2);
      }
    });
    canvas.title = 'busy share per CPU over time: darker is busier (0 to 1)';
    box.appendChild(canvas);
    box.dataset.heatRows = String(rows.length);
  }

  // --- Events on the charts they concern: a marker each, its words on hover ---
  function concerns(e, sec) {
    return e.target === '*' || e.target === sec.key || e.target === sec.group;
  }
  function markEvents(box, series) {
    var u = box.plot;
    var runsUsed = [];
    series.forEach(function (s) { if (runsUsed.indexOf(s.run) < 0) { runsUsed.push(s.run); } });
    var marked = [];
    runsUsed.forEach(function (ri) {
      (D.runs[ri].events || []).forEach(function (e) {
        if (!concerns(e, box.sec)) { return; }
        // An event past the last tick (the run's finish) or before the first sits at the edge.
        var left = Math.max(0, Math.min(u.over.clientWidth, u.valToPos(e.x, 'x')));
        var m = el('div', {'class': 'ev' + (e.kind === 'mark' ? ' mark' : ''), 'data-event': ri + '/' + e.id});
        m.style.left = left + 'px';
        m.title = (multi ? 'run ' + (ri + 1) + ' · ' : '') + e.at + ' · ' + e.kind + (e.subject ? ' · ' + e.subject : '')
          + (e.detail ? ' · ' + e.detail : '');
        u.over.appendChild(m);
        marked.push(ri + '/' + e.id);
      });
    });
    box.marked = marked;
  }
  /** The shared cursor at {@code x} on every chart drawn (the timeline's click). */
  function cursorAt(x) {
    drawn.forEach(function (b) {
      var left = b.plot.valToPos(x, 'x');
      b.plot.setCursor({left: left, top: b.plot.over.clientHeight / 2});
    });
  }

  // --- The filter box ---
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    var groupsShown = new Set();
    sectionEls.forEach(function (sec) {
      var ok = !q || sec.dataset.filter.indexOf(q) >= 0;
      sec.hidden = !ok;
      if (ok) { shown++; groupsShown.add(sec.groupEl); }
    });
    document.querySelectorAll('h2.group').forEach(function (g) { g.hidden = !groupsShown.has(g); });
    count.textContent = shown + ' of ' + sectionEls.length + ' nodes and containers · ' + chartCount + ' charts';
  }
  filter.addEventListener('input', applyFilter);

  /** After the last section: counts, and with #all every chart drawn at once. */
  window.kubemonDone = function () {
    applyFilter();
    if (eager || !observer) {
      document.querySelectorAll('.chart').forEach(draw);
    }
    writeState();
    // Late problems (a violation is reported asynchronously) land in the state too.
    setTimeout(writeState, 300);
  };

  // --- What tests and benchmarks read ---
  function writeState() {
    document.getElementById('kubemon-state').textContent = JSON.stringify(state());
  }
  function state() {
    return {
      sections: sectionEls.length,
      charts: chartCount,
      drawn: drawn.map(function (b) {
        return {chart: b.dataset.chart, series: +b.dataset.series, nulls: +b.dataset.nulls, spanGaps: b.dataset.spanGaps === 'true',
          labels: b.plot.series.slice(1).map(function (s) { return s.label; })};
      }),
      timelineRows: timelineRows,
      heatRows: drawn.reduce(function (n, b) { return n + (+b.dataset.heatRows || 0); }, 0),
      markers: drawn.reduce(function (n, b) { return n + (b.marked || []).length; }, 0),
      markedEvents: (function () {
        var set = {};
        drawn.forEach(function (b) { (b.marked || []).forEach(function (k) { set[k] = true; }); });
        return Object.keys(set).length;
      })(),
      events: D.runs.reduce(function (n, r) { return n + (r.events || []).length; }, 0),
      errors: problems.errors,
      violations: problems.violations,
      scriptStartMs: Math.round(t0),
      scriptMs: Math.round(performance.now() - t0),
      lastDrawMs: Math.round(lastDrawMs)
    };
  }
  window.kubemonReport = {state: state};
})();
