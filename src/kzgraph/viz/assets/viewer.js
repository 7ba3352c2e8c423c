/* kzgraph network viewer: a small canvas renderer, no dependencies, no network access.
   Every text from the data is inserted with textContent (never innerHTML). */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kzgraph-data").textContent);
  var SHAPES = ["circle", "square", "diamond", "triangle", "hexagon", "star"];
  var nodes = DATA.nodes, edges = DATA.edges, classes = DATA.classes, preds = DATA.predicates;
  var lang = DATA.langs[0] || "en";
  var byId = {};
  var i, n, e;
  for (i = 0; i < nodes.length; i++) {
    n = nodes[i];
    n.i = i; n.out = []; n.inc = [];
    byId[n.id] = n;
    var all = [];
    for (var k in n.l) { if (Object.prototype.hasOwnProperty.call(n.l, k)) all.push(n.l[k]); }
    n.search = all.concat(n.alt).join("\n").toLocaleLowerCase();
  }
  for (i = 0; i < edges.length; i++) {
    e = edges[i];
    e.i = i; e.a = nodes[e.s]; e.b = nodes[e.t];
    e.a.out.push(e); e.b.inc.push(e);
  }
  var classOn = classes.map(function () { return true; });
  var yearMin = null, yearMax = null;
  nodes.forEach(function (nd) {
    if (nd.y0 !== null) {
      if (yearMin === null || nd.y0 < yearMin) yearMin = nd.y0;
      if (yearMax === null || nd.y0 > yearMax) yearMax = nd.y0;
    }
  });
  var yearFrom = yearMin, yearTo = yearMax;

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = String(text);
    return x;
  }
  function label(nd) { return nd.l[lang] || nd.l.en || nd.l[""] || nd.l[Object.keys(nd.l)[0]] || nd.id; }
  function tr(pair) { return pair[lang] || pair.en || pair[""] || ""; }
  function visible(nd) {
    if (!classOn[nd.c]) return false;
    if (nd.y0 === null || yearFrom === null) return true;
    return nd.y0 >= yearFrom && nd.y0 <= yearTo;
  }

  // ---- canvas and view transform --------------------------------------------------------
  var canvas = document.getElementById("canvas");
  var ctx = canvas.getContext("2d");
  var main = document.getElementById("main");
  var dpr = window.devicePixelRatio || 1;
  var W = 0, H = 0, scale = 1, tx = 0, ty = 0;
  var selected = null, selectedEdge = null, hover = null;
  var stats = { nodes: 0, edges: 0, dashed: 0, frames: 0 };
  var RADIUS = DATA.radius || 7, EXTENT = DATA.extent || {};
  var PALETTE = DATA.palette || ["#0072B2"];

  // ---- networkx measures: size by a centrality, importance order, communities -------------------
  var MEASURES = ["degree", "betweenness", "eigenvector"];
  var sizeBy = DATA.sizeBy || "", commMode = DATA.communities || "off";
  var tops = [0, 0, 0], byImportance = [];
  nodes.forEach(function (nd) { for (var q = 0; q < 3; q++) tops[q] = Math.max(tops[q], nd.m[q]); });
  function applySizes() {
    var q = MEASURES.indexOf(sizeBy);
    nodes.forEach(function (nd) {
      nd.zz = q < 0 ? nd.z : (tops[q] > 0 ? 0.8 + 1.6 * Math.sqrt(nd.m[q] / tops[q]) : 0.8);
    });
    byImportance = nodes.slice();
    byImportance.sort(function (a, b) { return q < 0 ? a.r - b.r : (b.m[q] - a.m[q]) || (a.r - b.r); });
  }
  applySizes();
  function extentOf(nd) { return EXTENT[classes[nd.c].shape] || 1; }

  function resize() {
    W = main.clientWidth; H = main.clientHeight;
    canvas.width = Math.max(1, Math.round(W * dpr)); canvas.height = Math.max(1, Math.round(H * dpr));
    canvas.style.width = W + "px"; canvas.style.height = H + "px";
  }
  function fit() {
    if (!nodes.length) { scale = 1; tx = W / 2; ty = H / 2; return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (nd) {
      x0 = Math.min(x0, nd.x); y0 = Math.min(y0, nd.y); x1 = Math.max(x1, nd.x); y1 = Math.max(y1, nd.y);
    });
    var pad = 60, chart = document.getElementById("chart"), below = 0;
    if (chart && chart.open) below = chart.getBoundingClientRect().height + 8;  // keep nodes clear of the chart
    var h = Math.max(H - below, H / 3);
    scale = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1), 2.5);
    tx = W / 2 - scale * (x0 + x1) / 2; ty = h / 2 - scale * (y0 + y1) / 2;
  }
  function toWorld(px, py) { return [(px - tx) / scale, (py - ty) / scale]; }

  function shapePath(c, shape, x, y, r) {
    var j, a;
    switch (shape) {
      case "square": c.moveTo(x + r, y); c.rect(x - r, y - r, 2 * r, 2 * r); break;
      case "diamond": c.moveTo(x, y - r * 1.3); c.lineTo(x + r * 1.3, y); c.lineTo(x, y + r * 1.3); c.lineTo(x - r * 1.3, y); c.closePath(); break;
      case "triangle": c.moveTo(x, y - r * 1.3); c.lineTo(x + r * 1.2, y + r * 0.9); c.lineTo(x - r * 1.2, y + r * 0.9); c.closePath(); break;
      case "hexagon":
        for (j = 0; j < 6; j++) { a = Math.PI / 3 * j; if (j) c.lineTo(x + r * 1.15 * Math.cos(a), y + r * 1.15 * Math.sin(a)); else c.moveTo(x + r * 1.15, y); }
        c.closePath(); break;
      case "star":
        for (j = 0; j < 10; j++) {
          a = -Math.PI / 2 + Math.PI / 5 * j; var rr = j % 2 ? r * 0.6 : r * 1.45;
          if (j) c.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else c.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        }
        c.closePath(); break;
      default: c.moveTo(x + r, y); c.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  function drawAxis() {
    var ax = DATA.axis;
    if (!ax) return;
    var top = toWorld(0, 0)[1], bottom = toWorld(0, H)[1];
    ctx.save();
    ctx.font = (11 / scale) + "px system-ui, sans-serif";
    ctx.fillStyle = "#8591a0"; ctx.textAlign = "center";
    var step = Math.max(1, Math.ceil(40 / (ax.w * scale)));
    var nice = [1, 2, 5, 10, 20, 25, 50, 100];
    for (var s = 0; s < nice.length; s++) { if (nice[s] >= step) { step = nice[s]; break; } }
    for (var yr = Math.ceil(ax.y0 / step) * step; yr <= ax.y1; yr += step) {
      var x = ax.x0 + (yr - ax.y0) * ax.w;
      ctx.strokeStyle = "rgba(133,145,160,0.18)"; ctx.lineWidth = 1 / scale;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
      ctx.fillText(String(yr), x, bottom - 6 / scale);
    }
    DATA.markers.forEach(function (m) {
      ctx.strokeStyle = "#c0392b"; ctx.lineWidth = 1.5 / scale; ctx.setLineDash([6 / scale, 4 / scale]);
      ctx.beginPath(); ctx.moveTo(m.x, top); ctx.lineTo(m.x, bottom); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = "#c0392b"; ctx.fillText(m.text, m.x, top + 16 / scale);
    });
    ctx.restore();
  }

  // ---- communities as hulls ------------------------------------------------------------------
  var ncomm = 0;
  nodes.forEach(function (nd) { ncomm = Math.max(ncomm, nd.k + 1); });
  function hull(points) {  // convex hull, Andrew's monotone chain
    points.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    if (points.length < 3) return points;
    function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }
    var lower = [], upper = [], j;
    for (j = 0; j < points.length; j++) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], points[j]) <= 0) lower.pop();
      lower.push(points[j]);
    }
    for (j = points.length - 1; j >= 0; j--) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], points[j]) <= 0) upper.pop();
      upper.push(points[j]);
    }
    upper.pop(); lower.pop();
    return lower.concat(upper);
  }
  function drawHulls(vis) {
    var members = [], j;
    for (j = 0; j < ncomm; j++) members.push([]);
    for (j = 0; j < nodes.length; j++) {
      if (vis[j] && (nodes[j].out.length || nodes[j].inc.length)) members[nodes[j].k].push([nodes[j].x, nodes[j].y]);
    }
    ctx.save(); ctx.lineJoin = "round"; ctx.lineCap = "round";
    for (j = 0; j < ncomm; j++) {
      if (members[j].length < 2) continue;
      var h = hull(members[j]), col = PALETTE[j % PALETTE.length];
      ctx.beginPath(); ctx.moveTo(h[0][0], h[0][1]);
      for (var q = 1; q < h.length; q++) ctx.lineTo(h[q][0], h[q][1]);
      ctx.closePath();
      ctx.globalAlpha = 0.09; ctx.fillStyle = col; ctx.fill();
      ctx.strokeStyle = col; ctx.lineWidth = 2 * (RADIUS * 2.2); ctx.stroke();
    }
    ctx.restore();
  }

  // ---- labels: by importance, collision-free, inside the canvas --------------------------------
  var FONT = "11px system-ui, sans-serif", LINE = 14, MAXLEN = 30, ALWAYS = 15;
  var placed = [];  // the labels drawn now: {n, text, x, y, w, h, lead}
  var widths = {};
  function shortText(nd) {
    var t = nd.sh || label(nd);
    return t.length > MAXLEN ? t.slice(0, MAXLEN - 1).replace(/\s+$/, "") + "\u2026" : t;
  }
  function textWidth(t) {
    if (!(t in widths)) { ctx.font = FONT; widths[t] = Math.ceil(ctx.measureText(t).width) + 2; }
    return widths[t];
  }
  function obstacles() {
    var out = [], chart = document.getElementById("chart");
    if (chart) {
      var a = chart.getBoundingClientRect(), b = canvas.getBoundingClientRect();
      out.push({ x: a.left - b.left - 4, y: a.top - b.top - 4, w: a.width + 8, h: a.height + 8 });
    }
    return out;
  }
  function placeLabels(vis) {
    placed = [];
    // a flat grid of 48-pixel cells over the canvas: each cell lists the boxes (labels, nodes) that touch it
    var CELL = 48, GW = Math.ceil(W / CELL) + 1, GH = Math.ceil(H / CELL) + 1, blocked = obstacles();
    var grid = new Array(GW * GH), crowd = new Uint16Array(GW * GH);
    function cells(b, add, item, labelsOnly) {
      var x0 = Math.max(0, Math.floor(b.x / CELL)), x1 = Math.min(GW - 1, Math.floor((b.x + b.w) / CELL));
      var y0 = Math.max(0, Math.floor(b.y / CELL)), y1 = Math.min(GH - 1, Math.floor((b.y + b.h) / CELL));
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var key = gy * GW + gx, list = grid[key];
          if (add) { if (!list) grid[key] = list = []; list.push(item); if (item.node) crowd[key]++; }
          else if (list) {
            for (var q = 0; q < list.length; q++) {
              var o = list[q];
              if (labelsOnly && o.node) continue;
              if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
            }
          }
        }
      }
      return false;
    }
    function free(b, labelsOnly) {
      if (b.x < 1 || b.y < 1 || b.x + b.w > W - 1 || b.y + b.h > H - 1) return false;
      for (var q = 0; q < blocked.length; q++) {
        var o = blocked[q];
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
      return !cells(b, false, null, labelsOnly);
    }
    // drawn nodes are obstacles too: a label never covers another node
    for (var k = 0; k < nodes.length; k++) {
      var o = nodes[k];
      if (!vis[k]) continue;
      var ox = o.x * scale + tx, oy = o.y * scale + ty, orr = RADIUS * o.zz * extentOf(o) * scale + 1;
      if (ox < -orr || ox > W + orr || oy < -orr || oy > H + orr) continue;
      cells({ x: ox - orr, y: oy - orr, w: 2 * orr, h: 2 * orr }, true, { x: ox - orr, y: oy - orr, w: 2 * orr, h: 2 * orr, node: true });
    }
    var budget = nodes.length > 3000 ? 600 : 1500, tried = 0, tries = nodes.length > 3000 ? 2000 : 6000;
    for (var j = 0; j < byImportance.length && placed.length < budget && tried < tries; j++) {
      var nd = byImportance[j];
      if (!vis[nd.i]) continue;
      var sx = nd.x * scale + tx, sy = nd.y * scale + ty;
      if (sx < 0 || sx > W || sy < 0 || sy > H) continue;
      tried++;
      var important = j < ALWAYS || nd === selected;
      if (!important && crowd[Math.floor(sy / CELL) * GW + Math.floor(sx / CELL)] > 8) continue;  // no room here
      var text = shortText(nd), w = textWidth(text), h = LINE, rr = RADIUS * nd.zz * extentOf(nd) * scale;
      var near = [
        [sx - w / 2, sy + rr + 2], [sx - w / 2, sy - rr - 2 - h], [sx + rr + 3, sy - h / 2], [sx - rr - 3 - w, sy - h / 2],
        [sx + rr * 0.7, sy + rr * 0.7], [sx - rr * 0.7 - w, sy + rr * 0.7], [sx + rr * 0.7, sy - rr * 0.7 - h], [sx - rr * 0.7 - w, sy - rr * 0.7 - h]
      ];
      var box = null, lead = false, q;
      for (q = 0; q < near.length && !box; q++) {
        var b = { x: near[q][0], y: near[q][1], w: w, h: h };
        if (free(b)) box = b;
      }
      // an important label goes further out, with a leader line to its node; failing that, over other nodes
      for (var pass = 0; pass < 2 && !box && important; pass++) {
        for (var ring = 1; ring <= 16 && !box; ring++) {
          for (q = 0; q < 16 && !box; q++) {
            var a = Math.PI * 2 * q / 16, dist = rr + 10 * ring;
            var cx = sx + Math.cos(a) * (dist + w / 2), cy = sy + Math.sin(a) * (dist + h / 2);
            var b2 = { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
            if (free(b2, pass === 1)) { box = b2; lead = true; }
          }
        }
      }
      if (!box && important) {  // last resort: below the node, moved inside the canvas
        box = { x: Math.max(1, Math.min(W - 1 - w, sx - w / 2)), y: Math.max(1, Math.min(H - 1 - h, sy + rr + 2)), w: w, h: h };
      }
      if (!box) continue;
      var item = { n: nd, text: text, x: box.x, y: box.y, w: w, h: h, lead: lead };
      placed.push(item); cells(box, true, item);
    }
  }
  function drawLabels() {
    ctx.font = FONT; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    ctx.lineJoin = "round"; ctx.lineWidth = 3; ctx.strokeStyle = "rgba(251,252,253,0.92)"; ctx.fillStyle = "#1d2733";
    placed.forEach(function (p) {
      if (p.lead) {
        var sx = p.n.x * scale + tx, sy = p.n.y * scale + ty;
        var lx = Math.max(p.x, Math.min(p.x + p.w, sx)), ly = Math.max(p.y, Math.min(p.y + p.h, sy));
        ctx.save(); ctx.strokeStyle = "#8591a0"; ctx.lineWidth = 0.8;
        ctx.beginPath(); ctx.moveTo(sx, sy); ctx.lineTo(lx, ly); ctx.stroke(); ctx.restore();
      }
      ctx.strokeText(p.text, p.x + 1, p.y + p.h / 2); ctx.fillText(p.text, p.x + 1, p.y + p.h / 2);
    });
  }
  function labelAt(px, py) {
    for (var j = placed.length - 1; j >= 0; j--) {
      var p = placed[j];
      if (px >= p.x && px <= p.x + p.w && py >= p.y && py <= p.y + p.h) return p.n;
    }
    return null;
  }

  // ---- ranked side list ---------------------------------------------------------------------
  var rankingBox = document.getElementById("ranking"), rankingTitle = document.getElementById("ranking-title");
  function buildRanking() {
    if (!rankingBox) return;
    rankingBox.textContent = "";
    var q = MEASURES.indexOf(sizeBy), m = q < 0 ? 1 : q;
    rankingTitle.textContent = "Most central (" + MEASURES[m] + ")";
    var list = nodes.slice().sort(function (a, b) { return (b.m[m] - a.m[m]) || (a.r - b.r); });
    list.slice(0, 15).forEach(function (nd) {
      var li = el("li"), b = el("button", null, label(nd));
      b.title = label(nd); b.dataset.id = nd.id;
      b.addEventListener("click", function () { select(nd, true); });
      li.appendChild(b); li.appendChild(el("span", "count", nd.m[m].toFixed(3)));
      rankingBox.appendChild(li);
    });
  }

  function weightWidth(w) { return w > 1 ? Math.min(1 + Math.log(w) / Math.LN2, 6) : 1; }
  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.translate(tx, ty); ctx.scale(scale, scale);
    drawAxis();
    var nVis = 0, eVis = 0, dashed = 0;
    var vis = new Uint8Array(nodes.length);
    for (i = 0; i < nodes.length; i++) { if (visible(nodes[i])) { vis[i] = 1; nVis++; } }
    if (commMode === "hulls") drawHulls(vis);
    var focus = selected ? selected.i : -1;
    // edges, batched per predicate and style
    var lw = Math.max(0.6, 1.2 / Math.sqrt(scale)) / scale * Math.min(scale, 1.6);
    var arrows = edges.length <= 4000, directed = DATA.directed !== false;
    for (var p = 0; p < preds.length; p++) {
      for (var style = 0; style < 2; style++) {
        ctx.beginPath();
        var any = false;
        for (i = 0; i < edges.length; i++) {
          e = edges[i];
          if (e.p !== p || (e.ev.length ? 0 : 1) !== style || !vis[e.s] || !vis[e.t] || e.w > 1) continue;
          ctx.moveTo(e.a.x, e.a.y); ctx.lineTo(e.b.x, e.b.y); any = true;
        }
        if (!any) continue;
        ctx.strokeStyle = preds[p].color; ctx.globalAlpha = focus >= 0 ? 0.25 : 0.7; ctx.lineWidth = lw;
        ctx.setLineDash(style ? [5 / scale, 4 / scale] : []);
        ctx.stroke();
      }
    }
    ctx.setLineDash([]); ctx.globalAlpha = 1;
    for (i = 0; i < edges.length; i++) {
      e = edges[i];
      if (!vis[e.s] || !vis[e.t]) continue;
      eVis++;
      if (!e.ev.length) dashed++;
      var hi = e.s === focus || e.t === focus || e === selectedEdge;
      if (e.w > 1 && !hi) {  // weighted edges (e.g. shared sentences) are drawn one by one, thicker
        ctx.beginPath(); ctx.moveTo(e.a.x, e.a.y); ctx.lineTo(e.b.x, e.b.y);
        ctx.strokeStyle = preds[e.p].color; ctx.globalAlpha = focus >= 0 ? 0.25 : 0.7; ctx.lineWidth = lw * weightWidth(e.w);
        ctx.setLineDash(e.ev.length ? [] : [5 / scale, 4 / scale]); ctx.stroke(); ctx.setLineDash([]); ctx.globalAlpha = 1;
      }
      if (hi) {
        ctx.beginPath(); ctx.moveTo(e.a.x, e.a.y); ctx.lineTo(e.b.x, e.b.y);
        ctx.strokeStyle = preds[e.p].color; ctx.lineWidth = lw * 2.5 * Math.max(1, weightWidth(e.w) / 2);
        ctx.setLineDash(e.ev.length ? [] : [5 / scale, 4 / scale]); ctx.stroke(); ctx.setLineDash([]);
      }
      if (directed && (arrows || hi)) {
        var dx = e.b.x - e.a.x, dy = e.b.y - e.a.y, d = Math.sqrt(dx * dx + dy * dy);
        if (d < 1) continue;
        var r = RADIUS * e.b.zz * extentOf(e.b) + 2, ux = dx / d, uy = dy / d, hx = e.b.x - ux * r, hy = e.b.y - uy * r, s2 = 5 + lw * 2;
        ctx.beginPath(); ctx.moveTo(hx, hy);
        ctx.lineTo(hx - ux * s2 - uy * s2 * 0.5, hy - uy * s2 + ux * s2 * 0.5);
        ctx.lineTo(hx - ux * s2 + uy * s2 * 0.5, hy - uy * s2 - ux * s2 * 0.5); ctx.closePath();
        ctx.fillStyle = preds[e.p].color; ctx.globalAlpha = hi ? 1 : (focus >= 0 ? 0.25 : 0.7); ctx.fill(); ctx.globalAlpha = 1;
      }
    }
    // nodes, batched per class (and per community when coloured by community), bucketed in one pass
    var outline = nodes.length <= 3000, byCommunity = commMode === "colour", buckets = {}, order = [];
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      if (!vis[i]) continue;
      var key = byCommunity ? n.c * ncomm + n.k : n.c;
      if (!buckets[key]) { buckets[key] = []; order.push(key); }
      buckets[key].push(n);
    }
    order.sort(function (x, y) { return x - y; });
    order.forEach(function (key) {
      var list = buckets[key], c = byCommunity ? Math.floor(key / ncomm) : key;
      ctx.beginPath();
      for (var q = 0; q < list.length; q++) shapePath(ctx, classes[c].shape, list[q].x, list[q].y, RADIUS * list[q].zz);
      ctx.fillStyle = byCommunity ? PALETTE[(key % ncomm) % PALETTE.length] : classes[c].color; ctx.fill();
      if (outline) { ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.2 / Math.max(scale, 0.5); ctx.stroke(); }
    });
    if (selected && vis[selected.i]) {
      ctx.beginPath(); shapePath(ctx, classes[selected.c].shape, selected.x, selected.y, RADIUS * selected.zz + 3);
      ctx.strokeStyle = "#111"; ctx.lineWidth = 2.5 / scale; ctx.stroke();
    }
    // labels: placed in screen space by importance (see placeLabels), never over one another or off the canvas
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    placeLabels(vis);
    drawLabels();
    stats.nodes = nVis; stats.edges = eVis; stats.dashed = dashed; stats.frames++;
    document.getElementById("shown").textContent = nVis + " / " + nodes.length + " nodes, " + eVis + " / " + edges.length + " edges";
  }
  var pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; draw(); });
  }

  // ---- hit testing --------------------------------------------------------------------------
  function nodeAt(px, py) {
    var w = toWorld(px, py), best = null, bestD = Infinity;
    for (i = nodes.length - 1; i >= 0; i--) {
      n = nodes[i];
      if (!visible(n)) continue;
      var dx = n.x - w[0], dy = n.y - w[1], d = dx * dx + dy * dy, r = RADIUS * n.zz * extentOf(n) + 3 / scale;
      if (d <= r * r && d < bestD) { best = n; bestD = d; }
    }
    return best;
  }
  function edgeAt(px, py) {
    var w = toWorld(px, py), best = null, bestD = 6 / scale;
    for (i = 0; i < edges.length; i++) {
      e = edges[i];
      if (!visible(e.a) || !visible(e.b)) continue;
      var dx = e.b.x - e.a.x, dy = e.b.y - e.a.y, L = dx * dx + dy * dy;
      var t = L ? Math.max(0, Math.min(1, ((w[0] - e.a.x) * dx + (w[1] - e.a.y) * dy) / L)) : 0;
      var ex = e.a.x + t * dx - w[0], ey = e.a.y + t * dy - w[1], d = Math.sqrt(ex * ex + ey * ey);
      if (d < bestD) { best = e; bestD = d; }
    }
    return best;
  }

  // ---- side panel ---------------------------------------------------------------------------
  var panel = document.getElementById("panel-body");
  function evidenceBlock(box, edge) {
    if (!edge.ev.length) {
      box.appendChild(el("div", "noev", "No evidence: " + (edge.note || "no source quote supports this edge") + " (drawn dashed)"));
      return;
    }
    edge.ev.forEach(function (ev) {
      box.appendChild(el("blockquote", null, "\u201c" + ev[3] + "\u201d"));
      box.appendChild(el("div", "src", "source: " + ev[0] + ", characters " + ev[1] + "\u2013" + ev[2]));
    });
  }
  function nodeButton(nd) {
    var b = el("button", null, label(nd));
    b.addEventListener("click", function () { select(nd, true); });
    return b;
  }
  function showNode(nd) {
    panel.textContent = "";
    panel.appendChild(el("div", "title", label(nd)));
    panel.appendChild(el("div", "muted", tr(classes[nd.c].label)));
    panel.appendChild(el("div", "iri", nd.id));
    if (/^Q[0-9]+$/.test(nd.wd)) {
      var a = el("a", null, "Wikidata " + nd.wd);
      a.href = "https://www.wikidata.org/wiki/" + nd.wd; a.target = "_blank"; a.rel = "noopener noreferrer";
      var p = el("div", "wd"); p.appendChild(a);
      // skos:exactMatch (or owl:sameAs) / skos:closeMatch: how sure the link is
      if (nd.wm === "exact" || nd.wm === "close") p.appendChild(el("span", "muted wm", " (" + nd.wm + " match)"));
      panel.appendChild(p);
    }
    panel.appendChild(el("h2", null, "Labels"));
    var ul = el("ul");
    Object.keys(nd.l).sort().forEach(function (k) { ul.appendChild(el("li", null, (k ? "[" + k + "] " : "") + nd.l[k])); });
    nd.alt.forEach(function (t) { ul.appendChild(el("li", "muted", t)); });
    panel.appendChild(ul);
    if (nd.d.length || nd.info.length) {
      panel.appendChild(el("h2", null, "Dates and figures"));
      var ul2 = el("ul");
      nd.d.concat(nd.info).forEach(function (t) { ul2.appendChild(el("li", null, t)); });
      panel.appendChild(ul2);
    }
    var rel = nd.out.concat(nd.inc);
    panel.appendChild(el("h2", null, "Relations (" + rel.length + ")"));
    rel.forEach(function (edge) {
      var box = el("div", "edge");
      var head = el("div");
      var outgoing = edge.a === nd;
      head.appendChild(el("span", "muted", outgoing ? "\u2192 " + tr(preds[edge.p].label) + " \u2192 " : "\u2190 " + tr(preds[edge.p].label) + " \u2190 "));
      head.appendChild(nodeButton(outgoing ? edge.b : edge.a));
      box.appendChild(head);
      evidenceBlock(box, edge);
      panel.appendChild(box);
    });
  }
  function showEdge(edge) {
    panel.textContent = "";
    panel.appendChild(el("div", "title", tr(preds[edge.p].label)));
    panel.appendChild(el("div", "iri", preds[edge.p].id));
    var head = el("div");
    head.appendChild(nodeButton(edge.a)); head.appendChild(el("span", "muted", DATA.directed === false ? " \u2014 " : " \u2192 ")); head.appendChild(nodeButton(edge.b));
    panel.appendChild(head);
    if (edge.ev.length && edge.note) panel.appendChild(el("div", "weight muted", edge.note));
    else if (edge.w > 1) panel.appendChild(el("div", "weight muted", "weight " + edge.w));
    var box = el("div", "edge"); evidenceBlock(box, edge); panel.appendChild(box);
  }
  function showPath() {  // the path view: every relation along the paths, in order, with its evidence
    panel.textContent = "";
    panel.appendChild(el("div", "title", label(byId[DATA.path[0]]) + " \u2192 " + label(byId[DATA.path[1]])));
    panel.appendChild(el("div", "muted", DATA.title));
    edges.slice().sort(function (x, y) { return Math.min(x.a.x, x.b.x) - Math.min(y.a.x, y.b.x) || x.i - y.i; })
      .forEach(function (edge) {
        var box = el("div", "edge"), head = el("div");
        head.appendChild(nodeButton(edge.a));
        head.appendChild(el("span", "muted", " \u2192 " + tr(preds[edge.p].label) + " \u2192 "));
        head.appendChild(nodeButton(edge.b));
        box.appendChild(head); evidenceBlock(box, edge); panel.appendChild(box);
      });
  }
  function select(nd, centre) {
    selected = nd; selectedEdge = null;
    if (nd) {
      showNode(nd);
      if (centre) { tx = W / 2 - nd.x * Math.max(scale, 1); ty = H / 2 - nd.y * Math.max(scale, 1); scale = Math.max(scale, 1); }
    }
    redraw();
  }

  // ---- tooltip, mouse -----------------------------------------------------------------------
  var tip = document.getElementById("tooltip");
  function showTip(nd, px, py) {
    if (!nd) { tip.style.display = "none"; return; }
    tip.textContent = "";
    tip.appendChild(el("div", null, label(nd)));
    tip.appendChild(el("div", "t-type", tr(classes[nd.c].label) + (nd.d.length ? " \u00b7 " + nd.d.join("; ") : "")));
    tip.style.display = "block";
    tip.style.left = Math.min(px + 14, W - 330) + "px"; tip.style.top = (py + 14) + "px";
  }
  var drag = null;
  canvas.addEventListener("mousedown", function (ev) {
    var hit = nodeAt(ev.offsetX, ev.offsetY);
    drag = { x: ev.offsetX, y: ev.offsetY, node: hit, moved: false, tx: tx, ty: ty };
    canvas.style.cursor = "grabbing";
  });
  window.addEventListener("mouseup", function (ev) {
    if (!drag) return;
    var d = drag; drag = null; canvas.style.cursor = "grab";
    if (d.moved || ev.target !== canvas) return;
    if (d.node) { select(d.node, false); return; }
    var edge = edgeAt(ev.offsetX, ev.offsetY);
    selected = null; selectedEdge = edge;
    if (edge) showEdge(edge); else panel.textContent = "Click a node or an edge to see its details and evidence.";
    redraw();
  });
  canvas.addEventListener("mousemove", function (ev) {
    if (drag) {
      var dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      if (drag.node && !DATA.axis) { var w = toWorld(ev.offsetX, ev.offsetY); drag.node.x = w[0]; drag.node.y = w[1]; }
      else { tx = drag.tx + dx; ty = drag.ty + dy; }
      showTip(null); redraw(); return;
    }
    var h = nodeAt(ev.offsetX, ev.offsetY) || labelAt(ev.offsetX, ev.offsetY);  // a shortened label: full one on hover
    if (h !== hover) { hover = h; }
    showTip(h, ev.offsetX, ev.offsetY);
  });
  canvas.addEventListener("mouseleave", function () { showTip(null); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var f = Math.exp(-ev.deltaY * 0.0015), ns = Math.max(0.02, Math.min(20, scale * f));
    var w = toWorld(ev.offsetX, ev.offsetY);
    scale = ns; tx = ev.offsetX - w[0] * scale; ty = ev.offsetY - w[1] * scale;
    redraw();
  }, { passive: false });

  // ---- search -------------------------------------------------------------------------------
  // The ranking of kzgraph.query.search, ported: the page carries that index's data for its nodes (DATA.search:
  // constants, normalisation tables, vocabulary weights, each node's names as keys), so a query finds the same
  // nodes in the same order as `kg.search` on the graph the page was drawn from (see kzgraph/query/searchpage.py).
  var searchBox = document.getElementById("search"), results = document.getElementById("results");
  var ranker = DATA.search ? makeRanker(DATA.search) : null;
  function makeRanker(S) {
    var C = S.constants, R = S.rules, MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
    var FUNC = {}, NUM = R.numberWords, FORMS = R.ruForms, TR = R.translit, LOOK = { "х": "x", "і": "i", "у": "v" };
    R.functionWords.forEach(function (w) { FUNC[w] = true; });
    var ORD = new RegExp("(?<![\\p{L}\\p{N}_])" + R.ordinalEnding.replace("(?<![\\w])", "").replace("(?![\\w])", "") + "(?![\\p{L}\\p{N}_])", "giu");
    var ROMAN = /^(?=[xvi])x{0,3}(i[xv]|v?i{0,3})$/, RV = { i: 1, v: 5, x: 10 };
    var vocabId = {}, pairsOf = [], kindVocab = [], kindOf = {};
    S.vocab.forEach(function (v, i) { vocabId[v] = i; pairsOf.push(pairs(v)); });
    Object.keys(S.kinds).forEach(function (k) { S.kinds[k].forEach(function (x) { if (kindVocab.indexOf(x) < 0) kindVocab.push(x); }); });
    kindVocab.sort(cmp);
    var kindPairs = kindVocab.map(pairs);
    Object.keys(S.kinds).forEach(function (k) { var set = {}; S.kinds[k].forEach(function (x) { set[x] = true; }); kindOf[k] = set; });
    function cmp(a, b) { var x = Array.from(a), y = Array.from(b); for (var i = 0; i < Math.min(x.length, y.length); i++) { var d = x[i].codePointAt(0) - y[i].codePointAt(0); if (d) return d; } return x.length - y.length; }
    function fold(t) {
      var out = "";
      Array.from(t.normalize("NFC")).forEach(function (c) { out += (c === "й" || c === "Й") ? c : c.normalize("NFKD").replace(MARKS, ""); });
      return out.toLowerCase().replace(/ё/g, "е").replace(/ı/g, "i");
    }
    function cyr(w) { return /[\u0400-\u04ff]/.test(w); }
    function stripKk(w) {
      var changed = true;
      while (changed) {
        changed = false;
        for (var i = 0; i < R.kkEndings.length; i++) {
          var e = R.kkEndings[i];
          if (w.endsWith(e) && Array.from(w).length - Array.from(e).length >= R.kkMinStem) { w = w.slice(0, w.length - e.length); changed = true; break; }
        }
      }
      return w;
    }
    function romanValue(n) { var t = 0; for (var i = 0; i < n.length; i++) { var v = RV[n[i]]; t += (i + 1 < n.length && RV[n[i + 1]] > v) ? -v : v; } return t; }
    function wordKey(w) {
      if (/^\d+$/.test(w)) return String(parseInt(w, 10));
      var r = w.replace(/[хіу]/g, function (c) { return LOOK[c]; });
      if (Array.from(w).length >= 2 && ROMAN.test(r)) return String(romanValue(r));
      if (cyr(w)) return Object.prototype.hasOwnProperty.call(FORMS, w) ? FORMS[w] : stripKk(w);
      return w;
    }
    function number(w) {
      if (Object.prototype.hasOwnProperty.call(NUM, w)) return NUM[w];
      if (!cyr(w)) return null;
      for (var i = 0; i < R.kkEndings.length; i++) {
        var e = R.kkEndings[i], stem = w.slice(0, w.length - e.length);
        if (w.endsWith(e) && Object.prototype.hasOwnProperty.call(NUM, stem)) return NUM[stem];
      }
      var k = wordKey(w);
      return Object.prototype.hasOwnProperty.call(NUM, k) ? NUM[k] : null;
    }
    function keys(text) {
      text = text.replace(ORD, " $1 ");
      var raw = text.match(/[\p{L}\p{N}\p{M}_]+/gu) || [], folded = [];
      raw.forEach(function (w) {
        var low = fold(w);
        if (["I", "V", "X", "Х", "І"].indexOf(w) >= 0) low = String(romanValue(low.replace(/[хіу]/g, function (c) { return LOOK[c]; })));
        low = low.replace(/_/g, "");
        if (low) folded.push(low);
      });
      var out = [], pending = null;  // [key, the word as written]
      function num(n) { out.push([String(n), String(n)]); }
      folded.forEach(function (w) {
        var entry = /^\d+$/.test(w) ? null : number(w);
        if (entry && pending !== null && !entry[1] && entry[0] < 10) { num(pending + entry[0]); pending = null; return; }
        if (pending !== null) { num(pending); pending = null; }
        if (!entry) out.push([wordKey(w), w]); else if (entry[1]) pending = entry[0]; else num(entry[0]);
      });
      if (pending !== null) num(pending);
      var content = out.filter(function (p) { return !FUNC[p[0]]; });
      return content.length ? content : out;
    }
    function pairs(w) { var p = "^" + w + "$", a = Array.from(p), set = {}; for (var i = 0; i + 1 < a.length; i++) set[a[i] + a[i + 1]] = true; return set; }
    function ratio(a, b) {
      a = Array.from(a); b = Array.from(b);
      var prev = new Array(b.length + 1).fill(0), cur;
      for (var i = 1; i <= a.length; i++) {
        cur = [0];
        for (var j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
        prev = cur;
      }
      var lcs = prev[b.length], total = a.length + b.length;
      return total ? 100 * (1 - (total - 2 * lcs) / total) : 100;
    }
    function matches(key, vocab, pp) {
      var found = {}, n = Array.from(key).length, isNum = /^\d+$/.test(key);
      for (var i = 0; i < vocab.length; i++) {
        var v = vocab[i];
        if (v === key) found[i] = 100;
        else if (!isNum && n >= 3 && v.startsWith(key)) found[i] = C.prefix;
      }
      if (isNum || n < C.fuzzyMinLength) return found;
      var qp = pairs(key), qn = Object.keys(qp).length, need = Math.max(1, C.bigramShare * qn);
      for (i = 0; i < vocab.length; i++) {
        var shared = 0;
        for (var g in qp) if (pp[i][g]) shared++;
        if (shared < need || /^\d+$/.test(vocab[i]) || (found[i] || 0) >= 100) continue;
        var r = ratio(key, vocab[i]);
        if (r >= C.fuzzy && r > (found[i] || 0)) found[i] = r;
      }
      return found;
    }
    function romanise(k) { return Array.from(k).map(function (c) { return Object.prototype.hasOwnProperty.call(TR, c) ? TR[c] : c; }).join(""); }
    function contains(name, q) {
      outer: for (var i = 0; i + q.length <= name.length; i++) { for (var j = 0; j < q.length; j++) if (name[i + j] !== q[j]) continue outer; return true; }
      return false;
    }
    function named(t) {
      t = t.trim();
      var iri = null;
      if (/^https?:\/\//.test(t)) iri = t;
      else if (/^(kzid|kz):/.test(t)) iri = S.prefixes.kzid + t.split(":").slice(1).join(":");
      else if (/^[a-z0-9][a-z0-9-]*$/.test(t)) iri = S.prefixes.kzid + t;
      return iri && S.entities[iri] ? iri : null;
    }
    return function rank(text) {
      var q = [], seenQ = {}, surface = {};
      keys(text).forEach(function (p) { if (!seenQ[p[0]]) { seenQ[p[0]] = true; q.push(p[0]); surface[p[0]] = p[1]; } });
      var exact = named(text), ids = Object.keys(S.entities), scores = {};
      if (q.length) {
        var found = q.map(function (key) {
          var hits = [], m = matches(key, S.vocab, pairsOf), v;
          for (v in m) hits.push([+v, m[v]]);
          if (cyr(key)) { m = matches(romanise(key), S.vocab, pairsOf); for (v in m) hits.push([+v, m[v] * C.scriptWeight]); }
          if (surface[key] !== key && cyr(surface[key])) { m = matches(surface[key], S.vocab, pairsOf); for (v in m) hits.push([+v, m[v]]); }
          var km = matches(key, kindVocab, kindPairs), kind = {};
          for (v in km) kind[kindVocab[v]] = Math.max(kind[kindVocab[v]] || 0, km[v] * C.kindWeight);
          return { hits: hits, kind: kind };
        });
        var anyHit = found.some(function (f) { return f.hits.length > 0; });
        var weights = found.map(function (f) {
          var top = 0, w = null;
          f.hits.forEach(function (h) { if (h[1] > top) top = h[1]; });
          f.hits.forEach(function (h) { if (h[1] === top) w = w === null ? S.idf[h[0]] : Math.max(w, S.idf[h[0]]); });
          return w === null ? S.maxIdf : w;
        });
        var total = weights.reduce(function (a, b) { return a + b; }, 0);
        var matchedVocab = {};
        found.forEach(function (f) { f.hits.forEach(function (h) { matchedVocab[S.vocab[h[0]]] = true; }); });
        var named_ = [];
        ids.forEach(function (iri) {
          var ent = S.entities[iri], kindKeys = kindOf[ent.kind] || {};
          ent.names.forEach(function (name) {
            var inName = {}; name.forEach(function (k) { inName[k] = true; });
            var candidate = anyHit ? name.some(function (k) { return matchedVocab[k]; })
                                   : found.some(function (f) { return Object.keys(f.kind).some(function (k) { return kindKeys[k]; }); });
            if (!candidate) return;
            var covered = 0;
            found.forEach(function (f, i) {
              var best = 0;
              f.hits.forEach(function (h) { if (inName[S.vocab[h[0]]] && h[1] > best) best = h[1]; });
              for (var k in f.kind) if (kindKeys[k] && f.kind[k] > best) best = f.kind[k];
              covered += weights[i] * best;
            });
            var distinct = [], seen = {};
            name.forEach(function (k) { if (!seen[k]) { seen[k] = true; distinct.push(k); } });
            var weight = 0, matched = 0;
            distinct.forEach(function (k) { var w = vocabId[k] !== undefined ? S.idf[vocabId[k]] : S.maxIdf; weight += w; if (matchedVocab[k]) matched += w; });
            var qc = covered / total, nc = Math.min(matched / Math.max(weight, 1e-9), 1);
            var score = qc * (1 - C.nameWeight + C.nameWeight * nc);
            if (q.length >= 2) score *= 1 - C.phrase / 100;
            if (score > 0) named_.push({ iri: iri, name: name, score: score });
          });
        });
        if (q.length >= 2) {
          named_.slice().sort(function (a, b) { return b.score - a.score; }).slice(0, C.phraseCandidates).forEach(function (n) {
            if (contains(n.name, q)) n.score += C.phrase;
          });
        }
        named_.forEach(function (n) { scores[n.iri] = Math.max(scores[n.iri] || 0, n.score); });
      }
      var out = [];
      ids.forEach(function (iri) {
        var s = scores[iri] || 0, f = 0;
        if (s > 0) f = s >= 100 - 1e-9 ? 100 : (1 - C.priorWeight) * s + C.priorWeight * 100 * S.entities[iri].prior;
        if (iri === exact) f = 101;
        if (f > 0) out.push({ iri: iri, score: Math.min(f, 100), order: f });
      });
      out.sort(function (a, b) { return b.order - a.order || (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0); });
      return out;
    };
  }
  function search(q) {
    q = String(q).trim();
    if (!q) return [];
    if (ranker) return ranker(q).filter(function (h) { return byId[h.iri]; }).map(function (h) { var nd = byId[h.iri]; nd.score = h.score; return nd; });
    q = q.toLocaleLowerCase();
    var exact = [], part = [];
    for (i = 0; i < nodes.length; i++) {
      var s = nodes[i].search;
      if (s.indexOf(q) < 0) continue;
      if (("\n" + s + "\n").indexOf("\n" + q + "\n") >= 0) exact.push(nodes[i]); else part.push(nodes[i]);
    }
    return exact.concat(part);
  }
  function showResults() {
    var found = search(searchBox.value);
    results.textContent = "";
    var weak = ranker && found.length && !(found[0].score >= DATA.search.constants.good);
    if (weak) results.appendChild(el("div", "result-note", "no good match; did you mean:"));
    found.slice(0, weak ? 5 : 30).forEach(function (nd) {
      var b = el("button", "result", label(nd));
      b.dataset.id = nd.id;
      b.appendChild(el("small", null, " \u00b7 " + tr(classes[nd.c].label)));
      b.addEventListener("click", function () { results.textContent = ""; select(nd, true); });
      results.appendChild(b);
    });
    if (searchBox.value.trim() && !found.length) results.appendChild(el("button", "result", "no match"));
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var f = search(searchBox.value); if (f.length) { results.textContent = ""; select(f[0], true); } }
    if (ev.key === "Escape") { results.textContent = ""; }
  });

  // ---- legend and filters -------------------------------------------------------------------
  var legend = document.getElementById("legend-classes"), edgeLegend = document.getElementById("legend-edges");
  function swatch(shape, color, dashed) {
    var c = document.createElement("canvas"); c.width = 36 * dpr; c.height = 16 * dpr;
    c.style.width = "36px"; c.style.height = "16px";
    var g = c.getContext("2d"); g.scale(dpr, dpr);
    if (shape) { g.beginPath(); shapePath(g, shape, 10, 8, 5); g.fillStyle = color; g.fill(); }
    else { g.beginPath(); g.moveTo(2, 8); g.lineTo(34, 8); g.strokeStyle = color; g.lineWidth = 2; if (dashed) g.setLineDash([5, 4]); g.stroke(); }
    return c;
  }
  function buildLegend() {
    legend.textContent = ""; edgeLegend.textContent = "";
    var counts = classes.map(function () { return 0; });
    nodes.forEach(function (nd) { counts[nd.c]++; });
    classes.forEach(function (c, ci) {
      var lab = el("label");
      var box = el("input"); box.type = "checkbox"; box.checked = classOn[ci]; box.dataset.cls = c.id;
      box.addEventListener("change", function () { classOn[ci] = box.checked; redraw(); });
      lab.appendChild(box); lab.appendChild(swatch(c.shape, c.color)); lab.appendChild(el("span", null, tr(c.label)));
      lab.appendChild(el("span", "count", counts[ci]));
      legend.appendChild(lab);
    });
    preds.forEach(function (p) {
      var row = el("div", "edge-key"); row.appendChild(swatch(null, p.color)); row.appendChild(el("span", null, tr(p.label)));
      edgeLegend.appendChild(row);
    });
    var row = el("div", "edge-key"); row.appendChild(swatch(null, "#555", true)); row.appendChild(el("span", null, "no evidence (dashed)"));
    edgeLegend.appendChild(row);
  }
  var fromBox = document.getElementById("year-from"), toBox = document.getElementById("year-to");
  if (yearMin === null) { fromBox.disabled = true; toBox.disabled = true; }
  else {
    fromBox.min = toBox.min = String(yearMin); fromBox.max = toBox.max = String(yearMax);
    fromBox.value = String(yearMin); toBox.value = String(yearMax);
  }
  function years() {
    var a = parseInt(fromBox.value, 10), b = parseInt(toBox.value, 10);
    yearFrom = isNaN(a) ? yearMin : a; yearTo = isNaN(b) ? yearMax : b;
    redraw();
  }
  fromBox.addEventListener("input", years); toBox.addEventListener("input", years);
  var langBox = document.getElementById("lang");
  DATA.langs.forEach(function (l) { var o = el("option", null, l); o.value = l; langBox.appendChild(o); });
  langBox.value = lang;
  langBox.addEventListener("change", function () {
    lang = langBox.value; buildLegend(); buildRanking();
    if (selected) showNode(selected); else if (selectedEdge) showEdge(selectedEdge);
    showResults(); redraw();
  });
  document.getElementById("reset").addEventListener("click", function () {
    classOn = classes.map(function () { return true; }); fromBox.value = String(yearMin); toBox.value = String(yearMax);
    yearFrom = yearMin; yearTo = yearMax; selected = null; selectedEdge = null; buildLegend(); fit(); redraw();
  });
  window.addEventListener("resize", function () { resize(); redraw(); });
  var sizeBox = document.getElementById("size-by"), commBox = document.getElementById("communities");
  if (sizeBox) {
    sizeBox.value = sizeBy;
    sizeBox.addEventListener("change", function () { sizeBy = sizeBox.value; applySizes(); buildRanking(); redraw(); });
  }
  if (commBox) {
    commBox.value = commMode;
    commBox.addEventListener("change", function () { commMode = commBox.value; redraw(); });
  }

  document.getElementById("message").textContent = DATA.message;
  buildLegend(); buildRanking();
  if (DATA.path && DATA.path.length === 2 && byId[DATA.path[0]] && byId[DATA.path[1]]) showPath();
  resize(); fit(); draw();
  window.kzgraph = {
    stats: stats, search: function (q) { return search(q).map(function (nd) { return nd.id; }); },
    ranked: function (q) { return ranker ? ranker(q).map(function (h) { return [h.iri, Math.round(h.score * 10) / 10]; }) : null; },
    select: function (id) { if (byId[id]) select(byId[id], true); return !!byId[id]; },
    setLanguage: function (l) { langBox.value = l; langBox.dispatchEvent(new Event("change")); },
    setYears: function (a, b) { fromBox.value = String(a); toBox.value = String(b); years(); draw(); return stats.nodes; },
    label: function (id) { return byId[id] ? label(byId[id]) : null; },
    total: { nodes: nodes.length, edges: edges.length },
    // drawn nodes in CSS pixels of the viewport: centre and the radius their shape reaches
    nodes: function () {
      var b = canvas.getBoundingClientRect(), out = [];
      nodes.forEach(function (nd) {
        if (!visible(nd)) return;
        out.push({ id: nd.id, x: b.left + nd.x * scale + tx, y: b.top + nd.y * scale + ty, r: RADIUS * nd.zz * extentOf(nd) * scale });
      });
      return out;
    },
    ranking: function (k) { return byImportance.slice(0, k).map(function (nd) { return nd.id; }); },
    setSizeBy: function (m) { sizeBox.value = m; sizeBox.dispatchEvent(new Event("change")); draw(); },
    setCommunities: function (m) { commBox.value = m; commBox.dispatchEvent(new Event("change")); draw(); return stats.frames; },
    zoom: function (f) { scale *= f; tx = W / 2 - (W / 2 - tx) * f; ty = H / 2 - (H / 2 - ty) * f; draw(); }
  };
  // the labels drawn right now, in CSS pixels of the viewport (for tests and benchmarks; docs/views.md)
  window.kzgraphLabels = function () {
    var b = canvas.getBoundingClientRect();
    return placed.map(function (p) {
      return { text: p.text, x: b.left + p.x, y: b.top + p.y, width: p.w, height: p.h, id: p.n.id, full: label(p.n) };
    });
  };
  window.requestAnimationFrame(function () {
    window.kzgraphReady = true;
    document.body.setAttribute("data-ready", "1");
  });
})();
