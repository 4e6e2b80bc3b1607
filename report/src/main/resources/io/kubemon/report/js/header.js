  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // The header: each run, its nodes, and what its record says was missing.
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
