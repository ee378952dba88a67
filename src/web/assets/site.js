// Search overlay: progressive enhancement of the header's search link.
// Without JavaScript the link leads to the /search page.
(function () {
  'use strict';
  var toggle = document.getElementById('search-toggle');
  var overlay = document.getElementById('search-overlay');
  if (!toggle || !overlay) return;
  var input = document.getElementById('overlay-q');
  var all = document.getElementById('overlay-all');
  var close = document.getElementById('overlay-close');
  var results = document.getElementById('overlay-results');
  var timer = 0;
  var lastQuery = '';

  function searchUrl(q) {
    return q ? '/search?q=' + encodeURIComponent(q) : '/search';
  }
  function open() {
    overlay.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    input.focus();
  }
  function hide() {
    overlay.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  }
  function render(items) {
    results.textContent = '';
    items.slice(0, 5).forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      results.appendChild(li);
    });
  }
  function lookup() {
    var q = input.value.trim();
    all.href = searchUrl(q);
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 2) { render([]); return; }
    fetch('/api/search?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (q === lastQuery) render(data.results || []); })
      .catch(function () { render([]); });
  }

  toggle.addEventListener('click', function (e) { e.preventDefault(); open(); });
  close.addEventListener('click', hide);
  overlay.addEventListener('click', function (e) { if (e.target === overlay) hide(); });
  input.addEventListener('input', function () {
    all.href = searchUrl(input.value.trim());
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !overlay.hidden) { e.preventDefault(); hide(); return; }
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (e.key === '/' && overlay.hidden && !typing) { e.preventDefault(); open(); }
  });
})();
