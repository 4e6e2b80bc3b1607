  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // The data, the page's problems log, and the formatting helpers every part uses.
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
