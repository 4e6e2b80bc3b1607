  // Part of the report's script: Report joins js/*.js in its order inside one function scope.
  // Sections, grouped: nodes, then containers by pod, added as the page is parsed.
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
