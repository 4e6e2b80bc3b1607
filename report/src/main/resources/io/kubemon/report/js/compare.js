  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // The comparison (kubemon report A... --vs B...): each changed metric's B/A with its 95 % interval,
  // a forest plot on a log axis, biggest change first; a row's click shows its runs' charts.
  // --- The comparison ---
  var comparisonRows = 0;
  (function () {
    var C = D.comparison;
    var box = document.getElementById('comparison');
    if (!C || !box) { return; }
    box.hidden = false;
    box.appendChild(el('h2', {'class': 'group'}, 'What changed: B against A'));
    C.header.forEach(function (line) { box.appendChild(el('div', {'class': 'sub'}, line)); });
    var rows = C.rows.slice(0, 60);
    comparisonRows = rows.length;
    if (!rows.length) {
      box.appendChild(el('p', null, 'No metric changed: of ' + C.compared + ' compared, none has an interval that '
        + 'excludes 1 with an effect above the minimum.'));
      return;
    }
    var NS = 'http://www.w3.org/2000/svg';
    function svg(tag, attrs, text) {
      var e = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text != null) { e.textContent = text; }
      return e;
    }
    var lo = 0.5, hi = 2;
    rows.forEach(function (r) { lo = Math.min(lo, r.ciLow); hi = Math.max(hi, r.ciHigh); });
    lo = Math.max(lo, 1e-3); hi = Math.min(hi, 1e3);
    var W = 980, LABEL = 470, RIGHT = 130, ROW = 18, TOP = 24;
    var H = TOP + rows.length * ROW + 10;
    function x(v) {
      var c = Math.min(Math.max(v, lo), hi);
      return LABEL + (Math.log(c) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) * (W - LABEL - RIGHT);
    }
    var plot = svg('svg', {'class': 'forest', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H});
    [lo, 0.5, 1, 2, hi].filter(function (v, i, a) { return v >= lo && v <= hi && a.indexOf(v) === i; })
      .forEach(function (v) {
        plot.appendChild(svg('line', {x1: x(v), x2: x(v), y1: TOP - 6, y2: H - 6,
          stroke: v === 1 ? '#333' : '#ddd', 'stroke-dasharray': v === 1 ? '' : '3,3'}));
        plot.appendChild(svg('text', {x: x(v), y: 12, 'text-anchor': 'middle', 'font-size': 11}, fmtNum(v)));
      });
    rows.forEach(function (r, i) {
      var y = TOP + i * ROW + ROW / 2;
      var g = svg('g', {'class': 'forest-row', 'data-entity': r.entity, 'data-metric': r.metric});
      g.appendChild(svg('text', {x: 4, y: y + 4, 'font-size': 12},
        r.monitor + ' · ' + (r.entity.length > 48 ? r.entity.slice(0, 47) + '…' : r.entity) + ' · ' + r.metric));
      var colour = r.ratio > 1 ? '#d62728' : '#1f77b4';
      g.appendChild(svg('line', {x1: x(r.ciLow), x2: x(r.ciHigh), y1: y, y2: y, stroke: colour, 'stroke-width': 2}));
      g.appendChild(svg('circle', {cx: x(r.ratio), cy: y, r: 4, fill: colour}));
      g.appendChild(svg('text', {x: W - RIGHT + 8, y: y + 4, 'font-size': 12},
        '×' + fmtNum(r.ratio) + ' [' + fmtNum(r.ciLow) + ', ' + fmtNum(r.ciHigh) + ']'));
      g.appendChild(svg('title', {}, r.monitor + ' ' + r.entity + ' ' + r.metric + ': A ' + fmtNum(r.aMean, 4)
        + ' (' + r.aRuns + ' runs), B ' + fmtNum(r.bMean, 4) + ' (' + r.bRuns + ' runs); click for its charts'));
      g.addEventListener('click', function () { showCharts(r); });
      plot.appendChild(g);
    });
    box.appendChild(plot);
    if (C.rows.length > rows.length) {
      box.appendChild(el('div', {'class': 'sub'}, (C.rows.length - rows.length) + ' more changed metrics: kubemon compare '
        + '--csv lists them all.'));
    }
    box.appendChild(el('div', {'class': 'sub'}, C.rows.length + ' of ' + C.compared + ' metrics changed. Click a row '
      + 'for its charts: every run of both sides on one axis.'));
  })();

  /** The charts of a compared row: the filter set to its container (or node), the first shown in view. */
  function showCharts(r) {
    var term = r.entity;
    if (r.monitor.indexOf('os') === 0) {
      term = term.split('/')[0];
    } else {
      term = term.split(': ')[0];
      var parts = term.split('/');
      if (parts.length === 3) { term = parts[1]; }
    }
    filter.value = term;
    applyFilter();
    var first = sectionEls.filter(function (s) { return !s.hidden; })[0];
    if (first) { first.scrollIntoView(); }
  }
