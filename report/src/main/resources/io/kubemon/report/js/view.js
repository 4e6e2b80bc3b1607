  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // The filter box, the end of drawing, and the state tests and benchmarks read.
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
      comparisonRows: comparisonRows,
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
