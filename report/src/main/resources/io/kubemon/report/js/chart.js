  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // One chart: its table view and its uPlot drawing.
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
