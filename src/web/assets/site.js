// Search overlay: progressive enhancement of the header's search link.
// Without JavaScript the link leads to the /search page.
(function () {
  'use strict';
  var toggle = document.getElementById('search-toggle');
  var overlay = document.getElementById('search-overlay');
  if (!toggle || !overlay) return;
  var input = document.getElementById('overlay-q');
  var form = input.form;
  var all = document.getElementById('overlay-all');
  var close = document.getElementById('overlay-close');
  var list = document.getElementById('overlay-results');
  var dates = new Intl.DateTimeFormat(overlay.getAttribute('data-locale') || document.documentElement.lang, {
    timeZone: overlay.getAttribute('data-time-zone') || undefined,
    day: 'numeric', month: 'long', year: 'numeric'
  });
  var timer = 0;
  var lastQuery = '';
  var active = -1;

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
    input.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  }
  function options() {
    return list.querySelectorAll('[role="option"]');
  }
  function setActive(i) {
    var items = options();
    // -1 means no option is active (Enter then submits the form).
    active = items.length === 0 || i < 0 ? -1 : i % items.length;
    for (var k = 0; k < items.length; k++) items[k].setAttribute('aria-selected', String(k === active));
    if (active >= 0) input.setAttribute('aria-activedescendant', items[active].id);
    else input.removeAttribute('aria-activedescendant');
  }
  function render(items) {
    list.textContent = '';
    items.forEach(function (item, i) {
      var li = document.createElement('li');
      li.id = 'suggestion-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      // An option holds no link (nested-interactive): the URL rides on the option.
      li.setAttribute('data-url', item.url);
      var a = document.createElement('span');
      a.textContent = item.title;
      var time = document.createElement('time');
      time.dateTime = item.published_at;
      time.textContent = dates.format(new Date(item.published_at));
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(time);
      list.appendChild(li);
    });
    input.setAttribute('aria-expanded', String(items.length > 0));
    setActive(-1);
  }
  function lookup() {
    var q = input.value.trim();
    all.href = searchUrl(q);
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 2) { render([]); return; }
    fetch('/api/search/suggest?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (q === lastQuery) render(data.suggestions || []); })
      .catch(function () { render([]); });
  }

  toggle.addEventListener('click', function (e) { e.preventDefault(); open(); });
  close.addEventListener('click', hide);
  overlay.addEventListener('click', function (e) { if (e.target === overlay) hide(); });
  input.addEventListener('input', function () {
    all.href = searchUrl(input.value.trim());
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active <= 0 ? options().length - 1 : active - 1); }
    else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      window.location.href = options()[active].getAttribute('data-url');
    }
  });
  list.addEventListener('click', function (e) {
    var li = e.target.closest('[role="option"]');
    if (li) window.location.href = li.getAttribute('data-url');
  });
  form.addEventListener('submit', function () { clearTimeout(timer); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !overlay.hidden) { e.preventDefault(); hide(); return; }
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (e.key === '/' && overlay.hidden && !typing) { e.preventDefault(); open(); }
  });
})();
