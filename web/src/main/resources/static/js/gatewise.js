// Gatewise UI helpers: copy buttons, confirmations, live gateway status. No framework.
(function () {
  'use strict';

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) return;
    var source = document.querySelector(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // The gateway list refreshes status, last seen, agent and config every 3 s.
  var table = document.querySelector('table[data-live]');
  if (!table) return;
  var labels = { online: 'online', offline: 'offline', 'new': 'awaiting agent' };
  function setText(row, field, text) {
    var cell = row.querySelector('[data-field="' + field + '"]');
    if (cell && cell.textContent !== text) cell.textContent = text;
  }
  function refresh() {
    fetch(table.getAttribute('data-live'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) { window.location.reload(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (rows) {
        if (!rows) return;
        var known = table.querySelectorAll('tbody tr[data-gateway-id]').length;
        if (rows.length !== known) { window.location.reload(); return; }
        var online = rows.filter(function (item) { return item.gateway.state === 'online'; }).length;
        var summary = document.getElementById('gateway-summary');
        if (summary) {
          summary.textContent = rows.length + (rows.length === 1 ? ' gateway · ' : ' gateways · ') + online + ' online';
        }
        rows.forEach(function (item) {
          var g = item.gateway;
          var row = table.querySelector('tr[data-gateway-id="' + g.id + '"]');
          if (!row) return;
          var badge = row.querySelector('[data-field="state"]');
          badge.className = 'badge badge-' + g.state;
          badge.textContent = labels[g.state] || g.state;
          setText(row, 'lastSeen', item.lastSeen);
          setText(row, 'agentVersion', g.agentVersion || '—');
          setText(row, 'hostname', g.hostname || '');
          setText(row, 'config', item.configStatus);
        });
      })
      .catch(function () { /* server restarting: try again next tick */ });
  }
  setInterval(refresh, 3000);
})();

// Policy forms: "Add" appends the picked common proposal to the proposals box.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-add-proposal]');
    if (!button) return;
    // a form with two proposal lists (an external peer's IKE and IPsec) groups each with its pick list
    var form = button.closest('[data-proposal-group]') || button.closest('form');
    var pick = form.querySelector('[data-pick]');
    var box = form.querySelector('[data-proposals]');
    if (!pick || !box || !pick.value) return;
    var lines = box.value.split(/[\s,]+/).filter(function (x) { return x; });
    if (lines.indexOf(pick.value) < 0) lines.push(pick.value);
    box.value = lines.join('\n');
    pick.value = '';
  });
})();

// Topology page: the picture and tunnel list follow the live state (every 10 s while visible).
(function () {
  'use strict';
  var part = document.getElementById('live-part');
  if (!part) return;
  var url = part.getAttribute('data-live-page');
  function refresh() {
    if (document.visibilityState !== 'visible') return;
    fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live-part');
        if (fresh) part.innerHTML = fresh.innerHTML;
      })
      .catch(function () { /* server restarting: next tick */ });
  }
  setInterval(refresh, 10000);
})();

// Topology wizard: show only the hub or link fields the chosen kind uses (all shown without script).
(function () {
  'use strict';
  var form = document.getElementById('topology-form');
  if (!form) return;
  function sync() {
    var checked = form.querySelector('input[name="kind"]:checked');
    var kind = checked ? checked.value : '';
    form.querySelectorAll('[data-for-kind]').forEach(function (el) {
      el.hidden = el.getAttribute('data-for-kind').split(' ').indexOf(kind) < 0;
    });
  }
  form.addEventListener('change', function (event) {
    if (event.target.name === 'kind') sync();
  });
  sync();
})();
