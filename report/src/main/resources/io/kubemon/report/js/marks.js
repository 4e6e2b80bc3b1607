  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // What is drawn on and under a chart: the heat strip, the events, the shared cursor.
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
