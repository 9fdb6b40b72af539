/*
 * Pipelines live dashboard. Reads GET <endpoint> and GET <endpoint>/{name} every refresh interval,
 * derives rates from the difference between two reads and keeps a minute of them per stage, and posts
 * actions to POST <endpoint>/{name}. A drain or restart answers 202 with an operation, which the page
 * follows at GET <endpoint>/{name}/operations/{id}?wait=1s until it is COMPLETED or FAILED.
 * Figures the endpoint may not have (a stage's inFlight and openBatches, the pipeline's source) are shown
 * when present. No build step, no dependencies: plain DOM and SVG.
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
  var NODE_W = 232, NODE_H = 152, COL_GAP = 64, ROW_GAP = 16, TOP = 22;
  var SPARK_X = 16, SPARK_Y = 124, SPARK_W = NODE_W - 32, SPARK_H = 22;
  var HISTORY_MS = 60000;

  var integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  var views = {};          // name -> view (DOM of one pipeline)
  var previous = null;     // { at, pipelines: name -> { summary, stages } }
  var busy = {};           // name -> true while an action is under way
  var history = {};        // name -> stage key -> [{ at, rate, inFlight }], the last minute

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
  function inFlight(stage) {
    return stage.inFlight != null ? stage.inFlight : Math.max(0, stage.in - stage.out - stage.failed);
  }
  function seconds(ms) { return ms == null ? '–' : ms < 1000 ? integer.format(ms) + ' ms' : oneDecimal.format(ms / 1000) + ' s'; }

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
    var operation = el('div', { class: 'operation', 'data-field': 'operation', hidden: '' });
    var sourcePanel = el('div', { class: 'source-figures', 'data-field': 'source-figures', hidden: '' });
    var graph = el('div', { class: 'graph' });
    var controls = el('div', { class: 'controls' });
    var restart = createRestartForm(name);
    var limit = createRateLimitForm(name);
    controls.append(restart.root, limit.root);
    var config = el('details', { class: 'configuration', 'data-field': 'configuration' });
    config.append(el('summary', {}, 'Effective configuration'));
    var configTable = el('table');
    config.append(configTable);
    root.append(head, answer, operation, cards, sourcePanel, graph, controls, config);
    main.append(root);
    return { root: root, state: state, conn: conn, source: sourceText, buttons: buttons, answer: answer,
      operation: operation, sourcePanel: sourcePanel, restart: restart, limit: limit, configTable: configTable,
      configShape: null, cards: cardValues, graph: graph, shape: null, nodes: {}, edges: [] };
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
    var name = view.root.dataset.pipeline;
    var locked = !WRITABLE || !!busy[name];
    Array.prototype.forEach.call(view.restart.root.querySelectorAll('button, input'), function (control) {
      control.disabled = locked;
    });
    if (now.detail) {
      updateGraph(view, now.detail, before && before.detail, seconds);
      updateSource(view, now.detail.source);
      updateConfiguration(view, now.detail.configuration || {});
      updateRateLimit(view, now.detail.rateLimit, locked);
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
    var now = performance.now();
    var kept = history[detail.name] || (history[detail.name] = {});
    stages.forEach(function (st) {
      var node = view.nodes[stageKey(st)];
      var prior = old[stageKey(st)];
      var out = prior && seconds > 0 ? Math.max(0, st.out - prior.out) / seconds : null;
      var newFailures = prior ? st.failed - prior.failed : 0;
      var held = inFlight(st);
      node.rate.textContent = rate(out);
      node.dataset.rate = out == null ? '' : String(out);
      node.inFlight.textContent = count(held);
      if (node.second === 'queued') {
        node.secondValue.textContent = count(st.queued);
      }
      else {
        node.secondValue.textContent = count(st.failed);
        node.secondValue.setAttribute('class', st.failed > 0 ? 'bad' : '');
      }
      node.extra.textContent = extraLine(st);
      node.open.textContent = openLine(st);
      node.group.classList.toggle('failing', newFailures > 0);
      node.flowing = out > 0;
      var points = kept[stageKey(st)] || (kept[stageKey(st)] = []);
      if (out != null) { points.push({ at: now, rate: out, inFlight: held }); }
      while (points.length && now - points[0].at > HISTORY_MS) { points.shift(); }
      drawSpark(node, points);
    });
    view.edges.forEach(function (edge) {
      edge.path.classList.toggle('flowing', !!view.nodes[edge.to].flowing);
    });
  }

  function openLine(st) {
    if (st.kind === 'BATCHER') {
      var open = st.openBatches;
      if (!open) { return ''; }
      return 'open ' + count(open.messages) + ' msg · ' + count(open.keys) + (open.keys === 1 ? ' key' : ' keys') +
        (open.messages > 0 ? ' · oldest ' + seconds(open.oldestAgeMillis) : '');
    }
    return st.kind === 'PRODUCER' ? '' : 'queued ' + count(st.queued);
  }

  // A minute of throughput (line) and in flight (area), each scaled to its own maximum.
  function drawSpark(node, points) {
    node.spark.dataset.points = String(points.length);
    if (points.length < 2) {
      node.sparkRate.setAttribute('points', '');
      node.sparkHeld.setAttribute('points', '');
      return;
    }
    var first = points[0].at, last = points[points.length - 1].at;
    var span = Math.max(HISTORY_MS / 6, last - first);
    var maxRate = Math.max.apply(null, points.map(function (p) { return p.rate; })) || 1;
    var maxHeld = Math.max.apply(null, points.map(function (p) { return p.inFlight; })) || 1;
    var x = function (p) { return (SPARK_W - (last - p.at) / span * SPARK_W).toFixed(1); };
    var y = function (v, max) { return (SPARK_H - v / max * SPARK_H).toFixed(1); };
    node.sparkRate.setAttribute('points', points.map(function (p) { return x(p) + ',' + y(p.rate, maxRate); }).join(' '));
    node.sparkHeld.setAttribute('points', x(points[0]) + ',' + SPARK_H + ' ' +
      points.map(function (p) { return x(p) + ',' + y(p.inFlight, maxHeld); }).join(' ') + ' ' + x(points[points.length - 1]) + ',' + SPARK_H);
    node.spark.querySelector('title').textContent = 'last ' + Math.round((last - first) / 1000) + ' s: up to ' +
      rate(maxRate) + ' msg/s (line), up to ' + count(maxHeld) + ' in flight (area)';
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
    // a batcher fails no message; what waits in its inbox is the rest of what it holds
    var second = st.kind === 'BATCHER' ? 'queued' : 'failed';
    var secondValue = svg('tspan', { 'data-field': second }, '–');
    line.append('in flight ', inFlightValue, ' · ' + second + ' ', secondValue);
    g.append(line);
    var extra = svg('text', { x: 16, y: 103, class: 'line', 'data-field': 'extra' }, '');
    g.append(extra);
    var open = svg('text', { x: 16, y: 119, class: 'line', 'data-field': st.kind === 'BATCHER' ? 'open-batches' : 'queued' }, '');
    g.append(open);
    var spark = svg('g', { class: 'spark', 'data-field': 'history', transform: 'translate(' + SPARK_X + ',' + SPARK_Y + ')' });
    spark.append(svg('title', {}, 'collecting a minute of history…'));
    spark.append(svg('rect', { class: 'spark-bg', width: SPARK_W, height: SPARK_H, rx: 3 }));
    var sparkHeld = svg('polygon', { class: 'spark-held', points: '' });
    var sparkRate = svg('polyline', { class: 'spark-rate', points: '' });
    spark.append(sparkHeld, sparkRate);
    g.append(spark);
    var node = { group: g, rate: rateValue, inFlight: inFlightValue, second: second, secondValue: secondValue,
      extra: extra, open: open,
      spark: spark, sparkRate: sparkRate, sparkHeld: sparkHeld, dataset: g.dataset, flowing: false };
    view.nodes[stageKey(st)] = node;
    return g;
  }

  // ---- Source figures, configuration ----------------------------------------------------------------

  function updateSource(view, source) {
    var panel = view.sourcePanel;
    if (!source) { panel.hidden = true; return; }
    panel.hidden = false;
    var items = [['buffered', 'Buffered', count(source.buffered)]];
    var broker = source.broker;
    if (broker && broker.queueDepth != null) {
      items.push(['queue', 'Queue', broker.queue || '–'], ['queue-depth', 'Queue depth', count(broker.queueDepth)],
        ['unacknowledged', 'Unacknowledged', count(broker.unacknowledged)]);
    }
    if (broker && broker.lag != null) {
      items.push(['lag', 'Consumer lag', count(broker.lag)]);
    }
    if (broker && broker.acquired != null) {
      items.push(['acquired', 'Acquired', count(broker.acquired)]);
    }
    var figures = el('div', { class: 'figures' });
    figures.append(el('span', { class: 'panel-title' }, 'Source'));
    items.forEach(function (item) {
      var figure = el('span', { class: 'figure' });
      figure.append(el('span', { class: 'label' }, item[1] + ' '), el('b', { 'data-field': item[0] }, item[2]));
      figures.append(figure);
    });
    var children = [figures];
    var partitions = broker && broker.partitions;
    if (partitions && partitions.length) {
      var table = el('table', { class: 'partitions', 'data-field': 'partitions' });
      var head = el('tr');
      ['topic', 'partition', 'committed', 'end offset', 'lag', ''].forEach(function (h) { head.append(el('th', {}, h)); });
      table.append(head);
      partitions.forEach(function (p) {
        var row = el('tr');
        row.append(el('td', {}, p.topic), el('td', {}, String(p.partition)), el('td', {}, count(p.committed)),
          el('td', {}, count(p.endOffset)), el('td', { class: p.lag > 0 ? 'lagging' : '' }, count(p.lag)),
          el('td', {}, p.paused ? 'paused' : ''));
        table.append(row);
      });
      children.push(table);
    }
    panel.replaceChildren.apply(panel, children);
  }

  function updateConfiguration(view, configuration) {
    var keys = Object.keys(configuration);
    var shape = JSON.stringify(configuration);
    if (shape === view.configShape) { return; }
    view.configShape = shape;
    view.configTable.replaceChildren.apply(view.configTable, keys.map(function (key) {
      var row = el('tr', { 'data-config-key': key });
      row.append(el('td', { class: 'key' }, key), el('td', { class: 'value', 'data-field': 'value' }, String(configuration[key])));
      return row;
    }));
    var list = view.restart.keys;
    list.replaceChildren.apply(list, keys.map(function (key) { return el('option', { value: key }); }));
    view.restart.current = configuration;
  }

  function updateRateLimit(view, limit, locked) {
    var form = view.limit;
    form.root.hidden = false;
    if (!limit) {
      form.note.textContent = 'Built without a rate limit: restart with producer.rate-limit.* to add one.';
      form.submit.disabled = true;
      form.allowed.disabled = true;
      form.interval.disabled = true;
      return;
    }
    form.note.textContent = 'now ' + count(limit.allowedMessages) + ' per ' + limit.interval + ' · ' +
      count(limit.remaining) + ' left this interval';
    form.allowed.disabled = locked;
    form.interval.disabled = locked;
    form.submit.disabled = locked;
    if (!form.touched) {
      form.allowed.value = limit.allowedMessages;
      form.interval.value = limit.interval;
    }
  }

  // ---- Actions -------------------------------------------------------------------------------------

  function createRestartForm(name) {
    var root = el('form', { class: 'restart-form', 'data-form': 'restart' });
    root.append(el('div', { class: 'panel-title' }, 'Restart with overrides'));
    var rows = el('div', { class: 'rows' });
    var keys = el('datalist', { id: 'keys-' + name });
    var buttons = el('div', { class: 'form-buttons' });
    var add = el('button', { type: 'button', class: 'small' }, '+ setting');
    var submit = el('button', { type: 'submit', 'data-submit': 'restart', class: 'danger' }, 'Restart');
    buttons.append(add, submit);
    root.append(rows, keys, buttons,
      el('div', { class: 'hint' }, 'Keys relative to the pipeline, as in application.yml. It drains, then starts again with them.'));
    var form = { root: root, rows: rows, keys: keys, add: add, submit: submit, current: {} };
    var addRow = function () {
      var row = el('div', { class: 'row' });
      var key = el('input', { type: 'text', name: 'key', list: 'keys-' + name, placeholder: 'batchers.store.batch-size', spellcheck: 'false' });
      var value = el('input', { type: 'text', name: 'value', placeholder: 'value', spellcheck: 'false' });
      var remove = el('button', { type: 'button', class: 'small', title: 'Remove' }, '×');
      key.addEventListener('change', function () {
        var current = form.current[key.value.trim()];
        value.placeholder = current == null ? 'value' : 'now ' + current;
      });
      remove.addEventListener('click', function () { row.remove(); if (!rows.children.length) { addRow(); } });
      row.append(key, value, remove);
      rows.append(row);
      return row;
    };
    add.addEventListener('click', addRow);
    addRow();
    root.addEventListener('submit', function (event) {
      event.preventDefault();
      var overrides = {};
      Array.prototype.forEach.call(rows.querySelectorAll('.row'), function (row) {
        row.classList.remove('bad');
        var key = row.querySelector('[name=key]').value.trim();
        if (key) { overrides[key] = typed(row.querySelector('[name=value]').value.trim()); }
      });
      var list = Object.keys(overrides).map(function (k) { return k + '=' + JSON.stringify(overrides[k]); }).join(', ');
      if (!window.confirm('Restart "' + name + '"' + (list ? ' with ' + list : '') + '? It drains, then starts again.')) {
        return;
      }
      post(name, 'restart', { action: 'restart', overrides: overrides });
    });
    return form;
  }

  // "50" -> 50, "true" -> true, "[\"a\"]" -> ["a"]; anything else stays text ("2s", "orders").
  function typed(text) {
    if (text === '') { return ''; }
    try { return JSON.parse(text); } catch (e) { return text; }
  }

  function createRateLimitForm(name) {
    var root = el('form', { class: 'rate-limit-form', 'data-form': 'rate-limit', hidden: '' });
    root.append(el('div', { class: 'panel-title' }, 'Rate limit'));
    var line = el('div', { class: 'row' });
    var allowed = el('input', { type: 'number', min: '1', name: 'allowedMessages', title: 'messages allowed per interval' });
    var interval = el('input', { type: 'text', name: 'interval', title: 'the interval, such as 1s', spellcheck: 'false' });
    var submit = el('button', { type: 'submit', 'data-submit': 'rate-limit' }, 'Apply');
    line.append(allowed, el('span', { class: 'per' }, 'per'), interval, submit);
    var note = el('div', { class: 'hint', 'data-field': 'rate-limit' });
    root.append(line, note);
    var form = { root: root, allowed: allowed, interval: interval, submit: submit, note: note, touched: false };
    [allowed, interval].forEach(function (input) { input.addEventListener('input', function () { form.touched = true; }); });
    root.addEventListener('submit', function (event) {
      event.preventDefault();
      post(name, 'rate-limit', { action: 'rate-limit', allowedMessages: parseInt(allowed.value, 10), interval: interval.value.trim() })
        .then(function () { form.touched = false; });
    });
    return form;
  }

  function act(name, spec) {
    if (spec.confirm && !window.confirm(spec.confirm.replace('%s', name))) {
      return;
    }
    post(name, spec.action, { action: spec.action });
  }

  function post(name, action, payload) {
    var view = views[name];
    busy[name] = true;
    Object.keys(view.buttons).forEach(function (k) { view.buttons[k].disabled = true; });
    answer(view, '', action + '…');
    return fetch(ENDPOINT + '/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (response.status === 202 && json && json.id) {
          answer(view, 'ok', action + ': ' + response.status + ' → operation ' + json.id);
          return follow(view, name, json);
        }
        if (response.ok && json) {
          answer(view, 'ok', action + ': ' + response.status + ' → ' + json.state);
        }
        else if (json && json.reasons) {
          answer(view, 'error', action + ': ' + response.status + ' ' + describeError(json));
          markKeys(view, json.keys);
        }
        else if (response.status === 401 || response.status === 403) {
          answer(view, 'error', action + ': ' + response.status + ': this user may not act on pipelines (see pipeline.actuator.write-role).');
        }
        else if (response.status === 404 || response.status === 405) {
          answer(view, 'error', action + ': ' + response.status + ': actions are not enabled; set management.endpoint.pipelines.access=unrestricted.');
        }
        else {
          answer(view, 'error', action + ': ' + response.status + ' ' + (text || response.statusText));
        }
      });
    }).catch(function (error) {
      answer(view, 'error', action + ': ' + (error.message || error));
    }).then(function () {
      busy[name] = false;
      return refresh();
    });
  }

  function describeError(json) {
    return json.error + ': ' + json.reasons.join(' ') + (json.action ? ' ' + json.action : '') +
      (json.keys && json.keys.length ? ' (keys: ' + json.keys.join(', ') + ')' : '');
  }

  function markKeys(view, keys) {
    (keys || []).forEach(function (key) {
      Array.prototype.forEach.call(view.restart.rows.querySelectorAll('.row'), function (row) {
        if (row.querySelector('[name=key]').value.trim() === key) { row.classList.add('bad'); }
      });
    });
  }

  // Follows a drain or restart until it is COMPLETED or FAILED: each read waits up to a second for the end.
  function follow(view, name, operation) {
    showOperation(view, operation);
    if (operation.state !== 'IN_PROGRESS') {
      return Promise.resolve(operation);
    }
    var url = ENDPOINT + '/' + encodeURIComponent(name) + '/operations/' + encodeURIComponent(operation.id) + '?wait=1s';
    return getJson(url).then(function (next) {
      refresh();
      return follow(view, name, next);
    }, function (error) {
      answer(view, 'error', operation.action + ': ' + (error.message || error));
    });
  }

  function showOperation(view, op) {
    var node = view.operation;
    node.hidden = false;
    node.dataset.state = op.state;
    node.dataset.operation = op.id;
    node.className = 'operation ' + op.state;
    var title = el('b', {}, op.action + ' #' + op.id);
    var state = el('span', { class: 'op-state', 'data-field': 'operation-state' }, op.state);
    var parts = [title, state];
    var progress = op.progress || {};
    if (op.state === 'IN_PROGRESS') {
      parts.push(el('span', { 'data-field': 'operation-progress' }, (progress.state || '') + ' · ' + count(progress.inFlight) +
        ' in flight to settle · ' + seconds(progress.elapsedMillis)));
      var bar = el('span', { class: 'bar' });
      bar.append(el('span'));
      parts.push(bar);
    }
    else if (op.state === 'COMPLETED' && op.result) {
      var drain = op.result.drain || {};
      parts.push(el('span', { 'data-field': 'operation-result' }, 'drained in ' + seconds(drain.tookMillis) +
        (drain.completed ? '' : ', timed out') + ', ' + count(drain.released) + ' released → ' + op.result.state +
        (op.result.configuration ? ' with the new configuration' : '')));
    }
    else if (op.state === 'FAILED' && op.error) {
      parts.push(el('span', { 'data-field': 'operation-error' }, describeError(op.error)));
      markKeys(view, op.error.keys);
    }
    node.replaceChildren.apply(node, parts);
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
