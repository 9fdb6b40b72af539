/*
 * Pipelines live dashboard. Reads GET <endpoint> and GET <endpoint>/{name} every refresh interval,
 * derives rates from the difference between two reads, and posts actions to POST <endpoint>/{name}.
 * No build step, no dependencies: plain DOM and SVG.
 */
(function () {
  'use strict';

  var body = document.body;
  var ENDPOINT = body.dataset.endpoint;
  var WRITABLE = body.dataset.writable === 'true';
  var REFRESH = Math.max(200, parseInt(body.dataset.refresh, 10) || 1000);
  var SVG = 'http://www.w3.org/2000/svg';
  var ACTIONS = [
    { action: 'pause', label: 'Pause', when: ['RUNNING'] },
    { action: 'resume', label: 'Resume', when: ['PAUSED'] },
    { action: 'drain', label: 'Drain', when: ['RUNNING', 'PAUSED'], confirm: 'Drain "%s"? It stops fetching, finishes what it holds and stops.', danger: true },
    { action: 'start', label: 'Start', when: ['NEW', 'STOPPED', 'FAILED'] },
    { action: 'restart', label: 'Restart', when: ['RUNNING', 'PAUSED', 'FAILED'], confirm: 'Restart "%s"? It drains, then starts again.', danger: true }
  ];
  var COLUMNS = [
    { kind: 'PRODUCER', title: 'Producers' },
    { kind: 'PROCESSOR', title: 'Processors' },
    { kind: 'BATCHER', title: 'Batchers' },
    { kind: 'BATCH_WORKER', title: 'Batch workers' }
  ];
  var NODE_W = 232, NODE_H = 112, COL_GAP = 64, ROW_GAP = 16, TOP = 22;

  var integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  var views = {};          // name -> view (DOM of one pipeline)
  var previous = null;     // { at, pipelines: name -> { summary, stages } }
  var busy = {};           // name -> true while an action is under way

  function count(n) { return n == null ? '–' : integer.format(n); }
  function rate(n) {
    if (n == null || !isFinite(n)) { return '–'; }
    if (n === 0) { return '0'; }
    return n < 10 ? oneDecimal.format(n) : integer.format(n);
  }
  function millis(n) {
    if (n == null) { return '–'; }
    return n < 1 ? twoDecimals.format(n) : n < 10 ? oneDecimal.format(n) : integer.format(n);
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = text; }
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) { node.textContent = text; }
    return node;
  }
  function stageKey(stage) { return stage.kind + ':' + stage.name; }
  function inFlight(stage) { return Math.max(0, stage.in - stage.out - stage.failed); }

  // ---- Reading the endpoint ----------------------------------------------------------------------

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (response) {
      if (!response.ok) {
        var error = new Error(describeStatus(response.status, 'GET ' + url));
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  function describeStatus(status, request) {
    if (status === 401) { return request + ' answered 401: sign in with a user that may read the pipelines endpoint.'; }
    if (status === 403) { return request + ' answered 403: this user may not read the pipelines endpoint.'; }
    if (status === 404) { return request + ' answered 404: is the pipelines endpoint exposed (management.endpoints.web.exposure.include=pipelines)?'; }
    return request + ' answered ' + status + '.';
  }

  function refresh() {
    var at = performance.now();
    return getJson(ENDPOINT).then(function (list) {
      var names = Object.keys(list.pipelines || {}).sort();
      return Promise.all(names.map(function (name) {
        return getJson(ENDPOINT + '/' + encodeURIComponent(name)).catch(function () { return null; });
      })).then(function (details) {
        var current = { at: at, pipelines: {} };
        names.forEach(function (name, i) {
          current.pipelines[name] = { summary: list.pipelines[name], detail: details[i] };
        });
        render(current);
        previous = current;
        status('live', 'updated ' + new Date().toLocaleTimeString('en-GB'));
        banner(null);
      });
    }).catch(function (error) {
      status('offline', 'offline');
      banner(error.message || String(error));
    });
  }

  function loop() {
    refresh().then(function () { setTimeout(loop, REFRESH); });
  }

  function status(kind, text) {
    var node = document.getElementById('status');
    node.className = 'status ' + kind;
    node.querySelector('.text').textContent = text;
  }

  function banner(message) {
    var node = document.getElementById('banner');
    node.hidden = !message;
    node.textContent = message || '';
  }

  // ---- Rendering -----------------------------------------------------------------------------------

  function render(current) {
    var main = document.getElementById('pipelines');
    var names = Object.keys(current.pipelines);
    if (names.length === 0) {
      main.replaceChildren(el('div', { class: 'empty' }, 'No pipelines are registered.'));
      views = {};
      renderNav(current);
      return;
    }
    Object.keys(views).forEach(function (name) {
      if (!current.pipelines[name]) { views[name].root.remove(); delete views[name]; }
    });
    var empty = main.querySelector('.empty');
    if (empty) { empty.remove(); }
    names.forEach(function (name) {
      var view = views[name] || (views[name] = createView(name, main));
      var before = previous && previous.pipelines[name];
      var seconds = previous ? (current.at - previous.at) / 1000 : 0;
      updateView(view, current.pipelines[name], before, seconds);
    });
    renderNav(current);
  }

  function renderNav(current) {
    var nav = document.getElementById('nav');
    nav.replaceChildren.apply(nav, Object.keys(current.pipelines).map(function (name) {
      var link = el('a', { href: '#pipeline-' + encodeURIComponent(name) });
      link.append(el('span', { class: 'dot state-' + current.pipelines[name].summary.state }), name);
      return link;
    }));
  }

  function createView(name, main) {
    var root = el('section', { class: 'pipeline', id: 'pipeline-' + name, 'data-pipeline': name });
    var head = el('div', { class: 'head' });
    var state = el('span', { class: 'state', 'data-field': 'state' });
    var source = el('span', { class: 'source' });
    var conn = el('span', { class: 'conn', 'data-field': 'connected' });
    var sourceText = el('span', { 'data-field': 'source' });
    source.append(conn, sourceText);
    var actions = el('div', { class: 'actions' });
    var buttons = {};
    ACTIONS.forEach(function (spec) {
      var button = el('button', { type: 'button', 'data-action': spec.action, class: spec.danger ? 'danger' : '' }, spec.label);
      if (!WRITABLE) {
        button.disabled = true;
        button.title = 'Read-only: set management.endpoint.pipelines.access=unrestricted to enable actions.';
      }
      button.addEventListener('click', function () { act(name, spec); });
      buttons[spec.action] = button;
      actions.append(button);
    });
    head.append(el('h2', {}, name), state, source, actions);
    var answer = el('div', { class: 'answer', 'data-field': 'answer', 'aria-live': 'polite' });
    var cards = el('div', { class: 'cards' });
    var cardValues = {};
    [['rate', 'Throughput', 'msg/s'], ['succeededRate', 'Succeeded', 'msg/s'], ['failedRate', 'Failed', 'msg/s'],
      ['inFlight', 'In flight', 'msg'], ['succeeded', 'Total succeeded', ''], ['failed', 'Total failed', ''],
      ['fetched', 'Total fetched', ''], ['throughput', '1-min average', 'msg/s']].forEach(function (c) {
      var card = el('div', { class: 'card', 'data-card': c[0] });
      var value = el('span', { 'data-field': c[0] }, '–');
      var line = el('div', { class: 'value' });
      line.append(value, el('span', { class: 'unit' }, c[2]));
      card.append(el('div', { class: 'label' }, c[1]), line);
      cards.append(card);
      cardValues[c[0]] = { card: card, value: value };
    });
    var graph = el('div', { class: 'graph' });
    root.append(head, answer, cards, graph);
    main.append(root);
    return { root: root, state: state, conn: conn, source: sourceText, buttons: buttons, answer: answer,
      cards: cardValues, graph: graph, shape: null, nodes: {}, edges: [] };
  }

  function updateView(view, now, before, seconds) {
    var s = now.summary;
    view.state.textContent = s.state;
    view.state.className = 'state state-' + s.state;
    view.conn.className = 'conn' + (s.connected ? '' : ' down');
    view.source.textContent = (s.source || 'no source') + ' · ' + (s.connected ? 'connected' : 'disconnected');
    ACTIONS.forEach(function (spec) {
      view.buttons[spec.action].disabled = !WRITABLE || busy[view.root.dataset.pipeline] || spec.when.indexOf(s.state) < 0;
    });
    var delta = function (field) {
      return before && seconds > 0 ? Math.max(0, s[field] - before.summary[field]) / seconds : null;
    };
    var succeededRate = delta('succeeded');
    var failedRate = delta('failed');
    setCard(view, 'rate', rate(succeededRate == null ? null : succeededRate + failedRate));
    setCard(view, 'succeededRate', rate(succeededRate));
    setCard(view, 'failedRate', rate(failedRate), failedRate > 0);
    setCard(view, 'inFlight', count(s.inFlight));
    setCard(view, 'succeeded', count(s.succeeded));
    setCard(view, 'failed', count(s.failed), s.failed > 0);
    setCard(view, 'fetched', count(s.fetched));
    setCard(view, 'throughput', rate(s.throughput));
    if (now.detail) {
      updateGraph(view, now.detail, before && before.detail, seconds);
    }
  }

  function setCard(view, field, text, bad) {
    view.cards[field].value.textContent = text;
    view.cards[field].card.classList.toggle('bad', !!bad);
  }

  // ---- The graph: producers -> processors -> batchers -> batch workers ---------------------------------

  function updateGraph(view, detail, before, seconds) {
    var stages = detail.stages || [];
    var shape = stages.map(function (st) { return stageKey(st) + '×' + st.workers; }).join('|');
    if (shape !== view.shape) {
      buildGraph(view, stages);
      view.shape = shape;
    }
    var old = {};
    (before && before.stages || []).forEach(function (st) { old[stageKey(st)] = st; });
    stages.forEach(function (st) {
      var node = view.nodes[stageKey(st)];
      var prior = old[stageKey(st)];
      var out = prior && seconds > 0 ? Math.max(0, st.out - prior.out) / seconds : null;
      var newFailures = prior ? st.failed - prior.failed : 0;
      node.rate.textContent = rate(out);
      node.dataset.rate = out == null ? '' : String(out);
      node.inFlight.textContent = count(inFlight(st));
      node.failed.textContent = count(st.failed);
      node.failed.setAttribute('class', st.failed > 0 ? 'bad' : '');
      node.extra.textContent = extraLine(st);
      node.group.classList.toggle('failing', newFailures > 0);
      node.flowing = out > 0;
    });
    view.edges.forEach(function (edge) {
      edge.path.classList.toggle('flowing', !!view.nodes[edge.to].flowing);
    });
  }

  function extraLine(st) {
    if (st.kind === 'BATCHER') {
      var f = st.flushes || {};
      if (!st.batchSizes) { return 'no batches yet'; }
      return '~' + millis(st.batchSizes.mean) + '/batch · ' + count(f.SIZE || 0) + ' full · ' + count(f.TIMEOUT || 0) + ' timed out';
    }
    if (st.kind === 'PRODUCER') {
      return 'queued ' + count(st.queued);
    }
    var l = st.handlerLatency;
    return l ? 'p50 ' + millis(l.p50) + ' · p99 ' + millis(l.p99) + ' ms' : 'no calls yet';
  }

  function buildGraph(view, stages) {
    var byKind = {};
    COLUMNS.forEach(function (c) { byKind[c.kind] = []; });
    stages.forEach(function (st) { (byKind[st.kind] = byKind[st.kind] || []).push(st); });
    var columns = COLUMNS.filter(function (c) { return byKind[c.kind].length > 0; });
    var rows = Math.max.apply(null, columns.map(function (c) { return byKind[c.kind].length; }));
    var height = TOP + rows * NODE_H + (rows - 1) * ROW_GAP + 4;
    var width = columns.length * NODE_W + (columns.length - 1) * COL_GAP + 4;
    var root = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Stages of pipeline ' + view.root.dataset.pipeline });
    var defs = svg('defs');
    var marker = svg('marker', { id: 'arrow-' + view.root.dataset.pipeline, viewBox: '0 0 10 10', refX: '9', refY: '5',
      markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#94a3b8' }));
    defs.append(marker);
    root.append(defs);
    var edgeLayer = svg('g');
    root.append(edgeLayer);
    view.nodes = {};
    view.edges = [];
    var position = {};
    columns.forEach(function (column, ci) {
      var x = 2 + ci * (NODE_W + COL_GAP);
      root.append(svg('text', { x: x, y: 12, class: 'column-title' }, column.title));
      var list = byKind[column.kind];
      var blockHeight = list.length * NODE_H + (list.length - 1) * ROW_GAP;
      var y0 = TOP + (rows * NODE_H + (rows - 1) * ROW_GAP - blockHeight) / 2;
      list.forEach(function (st, ri) {
        var y = y0 + ri * (NODE_H + ROW_GAP);
        position[stageKey(st)] = { x: x, y: y };
        root.append(createNode(view, st, x, y));
      });
    });
    // Edges: every producer feeds every processor, processors feed every batcher, a batcher feeds its workers.
    var link = function (from, to) {
      var a = position[stageKey(from)], b = position[stageKey(to)];
      var x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x - 2, y2 = b.y + NODE_H / 2, mid = (x1 + x2) / 2;
      var path = svg('path', { class: 'edge', d: 'M' + x1 + ',' + y1 + ' C' + mid + ',' + y1 + ' ' + mid + ',' + y2 + ' ' + x2 + ',' + y2,
        'marker-end': 'url(#arrow-' + view.root.dataset.pipeline + ')' });
      edgeLayer.append(path);
      view.edges.push({ path: path, to: stageKey(to) });
    };
    byKind.PRODUCER.forEach(function (p) { byKind.PROCESSOR.forEach(function (q) { link(p, q); }); });
    byKind.PROCESSOR.forEach(function (q) { byKind.BATCHER.forEach(function (b) { link(q, b); }); });
    byKind.BATCHER.forEach(function (b) {
      byKind.BATCH_WORKER.filter(function (w) { return w.name === b.name; }).forEach(function (w) { link(b, w); });
    });
    view.graph.replaceChildren(root);
  }

  function createNode(view, st, x, y) {
    var g = svg('g', { class: 'node ' + st.kind, transform: 'translate(' + x + ',' + y + ')',
      'data-stage-kind': st.kind, 'data-stage-name': st.name, 'data-workers': st.workers });
    g.append(svg('rect', { class: 'box', width: NODE_W, height: NODE_H, rx: 9 }));
    g.append(svg('rect', { class: 'accent', x: 0, y: 0, width: 5, height: NODE_H, rx: 2 }));
    g.append(svg('text', { x: 16, y: 20, class: 'kind-label' }, st.kind.replace('_', ' ')));
    g.append(svg('text', { x: 16, y: 40, class: 'name', 'data-field': 'name' }, st.name));
    var badge = svg('g');
    badge.append(svg('title', {}, 'concurrency: ' + st.workers + (st.workers === 1 ? ' worker' : ' workers')));
    badge.append(svg('rect', { class: 'workers-bg', x: NODE_W - 44, y: 8, width: 34, height: 19, rx: 9.5 }));
    badge.append(svg('text', { x: NODE_W - 27, y: 21.5, 'text-anchor': 'middle', class: 'workers', 'data-field': 'workers' },
      '×' + st.workers));
    g.append(badge);
    var rateText = svg('text', { x: 16, y: 66, class: 'rate' });
    var rateValue = svg('tspan', { 'data-field': 'rate' }, '–');
    rateText.append(rateValue, svg('tspan', { class: 'rate-unit', dx: 4 }, 'msg/s'));
    g.append(rateText);
    var line = svg('text', { x: 16, y: 86, class: 'line' });
    var inFlightValue = svg('tspan', { 'data-field': 'in-flight' }, '–');
    var failedValue = svg('tspan', { 'data-field': 'failed' }, '–');
    line.append('in flight ', inFlightValue, ' · failed ', failedValue);
    g.append(line);
    var extra = svg('text', { x: 16, y: 103, class: 'line', 'data-field': 'extra' }, '');
    g.append(extra);
    var node = { group: g, rate: rateValue, inFlight: inFlightValue, failed: failedValue, extra: extra, dataset: g.dataset, flowing: false };
    view.nodes[stageKey(st)] = node;
    return g;
  }

  // ---- Actions -------------------------------------------------------------------------------------

  function act(name, spec) {
    if (spec.confirm && !window.confirm(spec.confirm.replace('%s', name))) {
      return;
    }
    var view = views[name];
    busy[name] = true;
    Object.keys(view.buttons).forEach(function (k) { view.buttons[k].disabled = true; });
    answer(view, '', spec.label.replace(/e?$/, '') + 'ing ' + name + '…');
    fetch(ENDPOINT + '/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ action: spec.action })
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (response.ok && json) {
          var drain = json.drain ? ' (drained in ' + count(json.drain.tookMillis) + ' ms' +
            (json.drain.released ? ', ' + count(json.drain.released) + ' released' : '') + ')' : '';
          answer(view, 'ok', spec.action + ': ' + response.status + ' → ' + json.state + drain);
        }
        else if (json && json.reasons) {
          answer(view, 'error', spec.action + ': ' + response.status + ' ' + json.error + ': ' + json.reasons.join(' ') +
            (json.action ? ' ' + json.action : ''));
        }
        else if (response.status === 401 || response.status === 403) {
          answer(view, 'error', spec.action + ': ' + response.status + ': this user may not act on pipelines (see pipeline.actuator.write-role).');
        }
        else if (response.status === 404 || response.status === 405) {
          answer(view, 'error', spec.action + ': ' + response.status + ': actions are not enabled; set management.endpoint.pipelines.access=unrestricted.');
        }
        else {
          answer(view, 'error', spec.action + ': ' + response.status + ' ' + (text || response.statusText));
        }
      });
    }).catch(function (error) {
      answer(view, 'error', spec.action + ': ' + (error.message || error));
    }).then(function () {
      busy[name] = false;
      return refresh();
    });
  }

  function answer(view, kind, text) {
    view.answer.className = 'answer' + (kind ? ' ' + kind : '');
    view.answer.textContent = text;
  }

  // ---- Start ---------------------------------------------------------------------------------------

  document.getElementById('refresh-every').textContent = REFRESH >= 1000 ? oneDecimal.format(REFRESH / 1000).replace('.0', '') + ' s' : REFRESH + ' ms';
  document.getElementById('endpoint-path').textContent = ENDPOINT || '(not exposed)';
  document.getElementById('readonly').hidden = WRITABLE || !ENDPOINT;
  if (!ENDPOINT) {
    status('offline', 'no endpoint');
    banner('The pipelines endpoint is not exposed over HTTP. Expose it with management.endpoints.web.exposure.include=pipelines (and make sure a PipelineRegistry bean exists).');
    return;
  }
  loop();
})();
