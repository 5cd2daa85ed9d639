// The tunnels page, live: rows follow the server-sent "tunnels" events (one per status
// report) without reloading. Rows are updated in place, so focus and scrolling stay put;
// state changes, and only those, are announced to screen readers.
(function () {
  'use strict';
  var table = document.getElementById('tunnel-table');
  if (!table || !window.EventSource) return;
  var tbody = table.tBodies[0];
  var template = document.getElementById('tunnel-row-template');
  var announcer = document.getElementById('tunnel-announcer');
  var liveStatus = document.getElementById('live-status');
  var summary = document.getElementById('tunnel-summary');

  function field(row, name) { return row.querySelector('[data-field="' + name + '"]'); }
  function setText(el, text) { if (el && el.textContent !== text) el.textContent = text; }
  function orDash(text) { return text ? text : '\u2014'; }

  function fill(row, r) {
    row.setAttribute('data-key', r.key);
    setText(field(row, 'tunnel'), r.tunnel);
    setText(field(row, 'gatewayName'), r.gatewayName);
    var badge = field(row, 'state');
    badge.className = 'badge badge-' + r.stateClass;
    setText(badge, r.stateLabel);
    var since = field(row, 'since');
    since.setAttribute('datetime', r.since || '');
    setText(since, r.sinceText);
    setText(field(row, 'spiIn'), orDash(r.spiIn));
    setText(field(row, 'spiOut'), orDash(r.spiOut));
    setText(field(row, 'proposal'), orDash(r.proposal));
    setText(field(row, 'trafficIn'), '\u2193 ' + r.trafficIn);
    setText(field(row, 'trafficOut'), '\u2191 ' + r.trafficOut);
    field(row, 'sparkline').setAttribute('points', r.sparkline);
    row.querySelector('svg.sparkline').setAttribute('aria-label', 'Traffic rate: ' + r.rateText);
    setText(field(row, 'rateText'), r.rateText);
    setText(field(row, 'rekeyText'), r.rekeyText);
    var actionGateway = field(row, 'actionGateway'); // present for those who may act
    if (actionGateway) {
      actionGateway.value = r.gatewayId;
      field(row, 'actionTunnel').value = r.tunnel;
    }
    var before = row.getAttribute('data-state');
    row.setAttribute('data-state', r.state);
    return before !== null && before !== '' && before !== r.state;
  }

  function update(rows) {
    var changes = [];
    var keep = {};
    rows.forEach(function (r, index) {
      keep[r.key] = true;
      var row = null;
      tbody.querySelectorAll('tr[data-key]').forEach(function (tr) {
        if (tr.getAttribute('data-key') === r.key) row = tr;
      });
      if (!row) {
        row = template.content.firstElementChild.cloneNode(true);
        row.setAttribute('data-state', '');
        changes.push(r.tunnel + ' on ' + r.gatewayName + ' appeared: ' + r.stateLabel);
      }
      if (fill(row, r)) {
        changes.push(r.tunnel + ' on ' + r.gatewayName + ' is now ' + r.stateLabel);
        row.classList.remove('changed');
        void row.offsetWidth; // restart the highlight animation
        row.classList.add('changed');
      }
      if (tbody.children[index] !== row) tbody.insertBefore(row, tbody.children[index] || null);
    });
    tbody.querySelectorAll('tr[data-key]').forEach(function (tr) {
      if (!keep[tr.getAttribute('data-key')]) {
        changes.push(tr.querySelector('[data-field="tunnel"]').textContent + ' is no longer listed');
        tr.remove();
      }
    });
    var empty = document.getElementById('no-tunnels');
    if (empty) empty.hidden = rows.length > 0;
    var up = rows.filter(function (r) { return r.state === 'UP'; }).length;
    setText(summary, rows.length + ' tunnel end(s) \u00b7 ' + up + ' up');
    if (changes.length) announcer.textContent = changes.join('. ') + '.';
  }

  var source = new EventSource(table.getAttribute('data-stream'));
  source.addEventListener('tunnels', function (event) {
    update(JSON.parse(event.data));
    liveStatus.textContent = 'live';
    liveStatus.className = 'live-status live';
  });
  source.onerror = function () {
    // EventSource reconnects by itself; a lost session shows up as a failing stream
    liveStatus.textContent = 'reconnecting…';
    liveStatus.className = 'live-status';
  };
})();
