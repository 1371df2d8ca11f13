/* gisdesk web map: draws a project's layers on a Leaflet map, with no network.
 *
 * GisdeskMap.start(map, data, options) runs after L.map(...) exists. `data` is written by
 * maps/web/features.py: layers (bottom to top) of features [geometry, style key, label,
 * [popup values]], the legend, the search index and the extent. Every text from the data is
 * inserted with textContent, never as HTML. window.gisdesk holds the running map (tests
 * and the search and measure tools use it).
 */
(function () {
  'use strict';

  var GD = window.GisdeskMap = window.GisdeskMap || {};
  var LABEL_SIZE = {boundaries_county: 22, posts_station: 14, boundaries_township: 15, plan_offices: 12.5, posts_office: 12, grids: 11};
  var LABEL_SPACING = {boundaries_county: 8, boundaries_township: 4};  // letter-spacing in px, as in gisdesk-web.css
  var MAX_LABELS = 700;

  // ------------------------------------------------------------------ point symbols
  function outline(shape, r) {
    var k;
    switch (shape) {
      case 'square': k = r * 0.88; return [[-k, -k], [k, -k], [k, k], [-k, k]];
      case 'triangle': return [[0, -r * 1.1], [r * 1.05, r * 0.75], [-r * 1.05, r * 0.75]];
      case 'diamond': k = r * 1.1; return [[0, -k], [k, 0], [0, k], [-k, 0]];
      case 'shield': return [[-r * 0.9, -r * 0.85], [r * 0.9, -r * 0.85], [r * 0.9, r * 0.15], [0, r], [-r * 0.9, r * 0.15]];
      default: return null;
    }
  }
  function star(r) {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var a = -Math.PI / 2 + i * Math.PI / 5, q = i % 2 ? r * 0.42 : r;
      pts.push([q * Math.cos(a), q * Math.sin(a)]);
    }
    return pts;
  }
  function tracePath(ctx, pts, x, y) {
    ctx.moveTo(x + pts[0][0], y + pts[0][1]);
    for (var i = 1; i < pts.length; i++) { ctx.lineTo(x + pts[i][0], y + pts[i][1]); }
    ctx.closePath();
  }
  function svgPath(pts, x, y) {
    return 'M' + pts.map(function (p) { return (x + p[0]).toFixed(2) + ' ' + (y + p[1]).toFixed(2); }).join('L') + 'Z';
  }
  GD.symbolPath = function (shape, r, x, y) {
    var pts = outline(shape, r);
    if (!pts) { return 'M' + (x - r) + ' ' + y + 'a' + r + ' ' + r + ' 0 1 0 ' + 2 * r + ' 0a' + r + ' ' + r + ' 0 1 0 ' + -2 * r + ' 0Z'; }
    return svgPath(pts, x, y);
  };
  GD.glyphPath = function (shape, r, x, y) { return shape === 'shield' ? svgPath(star(r * 0.5), x, y - r * 0.05) : ''; };

  // A CircleMarker drawn as a square, triangle, diamond or shield (hit-tested as its circle).
  var ShapeMarker = L.CircleMarker.extend({
    options: {shape: 'circle'},
    _updatePath: function () {
      if (this.options.shape === 'circle' || !this._renderer._updateGdShape) { return L.CircleMarker.prototype._updatePath.call(this); }
      this._renderer._updateGdShape(this);
    }
  });
  L.Canvas.include({
    _updateGdShape: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, r = layer._radius, shape = layer.options.shape;
      ctx.beginPath();
      tracePath(ctx, outline(shape, r), p.x, p.y);
      this._fillStroke(ctx, layer);
      if (shape === 'shield') {
        ctx.beginPath();
        tracePath(ctx, star(r * 0.5), p.x, p.y - r * 0.05);
        ctx.fillStyle = '#ffffff';
        ctx.fill();
      }
    }
  });
  L.SVG.include({
    _updateGdShape: function (layer) {
      this._setPath(layer, GD.symbolPath(layer.options.shape, layer._radius, layer._point.x, layer._point.y));
    }
  });

  // ------------------------------------------------------------------ helpers
  function el(tag, cls, text, parent) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  GD.el = el;

  function latLngs(geometry) {
    var depth = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2}[geometry.type];
    return depth === undefined ? null : L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth);
  }

  function textWidth(text, size) {
    var w = 0;
    for (var i = 0; i < text.length; i++) { w += text.charCodeAt(i) > 255 ? size : size * 0.6; }
    return w;
  }

  function swatch(row) {
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', 30); svg.setAttribute('height', 18); svg.setAttribute('class', 'gd-swatch');
    function path(d, attrs) {
      var p = document.createElementNS(ns, 'path');
      p.setAttribute('d', d);
      for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) { p.setAttribute(k, attrs[k]); } }
      svg.appendChild(p);
    }
    if (row.symbol) {
      var s = row.symbol, r = Math.min(s.size / 2, 8);
      path(GD.symbolPath(s.shape, r, 15, 9), {fill: s.fill, stroke: s.stroke, 'stroke-width': s.weight});
      if (s.shape === 'shield') { path(GD.glyphPath(s.shape, r, 15, 9), {fill: '#ffffff'}); }
    } else if (row.line) {
      var ln = row.line;
      if (ln.casing) { path('M2 9H28', {stroke: ln.casing, 'stroke-width': ln.weight + 1.4, fill: 'none'}); }
      path('M2 9H28', {stroke: ln.color, 'stroke-width': ln.weight, 'stroke-dasharray': ln.dashArray, fill: 'none'});
    } else if (row.fill) {
      path('M3 3H27V15H3Z', {fill: row.fill, stroke: '#5f5a52', 'stroke-width': 0.8});
    }
    return svg;
  }

  // ------------------------------------------------------------------ the map
  GD.start = function (map, data, options) {
    options = options || {};
    var gd = {map: map, data: data, entries: [], ready: false};
    window.gisdesk = gd;
    if (map.attributionControl) { map.attributionControl.setPrefix(false); }
    map.getContainer().classList.add('gd-map');
    var renderer = L.canvas({padding: 0.5, tolerance: 4});
    map.createPane('gd-labels').style.zIndex = 640;
    map.createPane('gd-highlight').style.zIndex = 645;
    gd.svg = L.svg({pane: 'gd-highlight'});
    gd.renderer = renderer;

    data.layers.forEach(function (spec, index) {
      gd.entries.push({spec: spec, index: index, enabled: spec.show, group: null, items: null});
    });
    gd.entry = function (id) { return gd.entries.filter(function (e) { return e.spec.id === id; })[0]; };

    function build(entry) {
      if (entry.group) { return entry.group; }
      var spec = entry.spec, group = L.featureGroup(), casings = [], items = [];
      spec.features.forEach(function (f, i) {
        var style = spec.styles[f[1]] || {}, layer = null, opts;
        if (spec.kind === 'point' && f[0]) {
          opts = {renderer: renderer, shape: style.shape, radius: style.size / 2, fillColor: style.fill, color: style.stroke,
            weight: style.weight, fillOpacity: 1, opacity: 1, interactive: spec.interactive};
          layer = new ShapeMarker([f[0][1], f[0][0]], opts);
        } else if (f[0]) {
          var ll = latLngs(f[0]);
          if (ll) {
            opts = L.extend({renderer: renderer, interactive: spec.interactive}, style);
            delete opts.casing;
            layer = spec.kind === 'area' ? L.polygon(ll, opts) : L.polyline(ll, opts);
            if (style.casing) {
              casings.push(L.polyline(ll, {renderer: renderer, interactive: false, color: style.casing.color,
                weight: style.casing.weight, lineCap: 'round', lineJoin: 'round'}));
            }
          }
        }
        if (layer) { layer._gd = [entry.index, i]; }
        items.push(layer);
      });
      casings.forEach(function (c) { group.addLayer(c); });
      items.forEach(function (layer) { if (layer) { group.addLayer(layer); } });
      if (spec.interactive) {
        group.on('click', function (e) {
          if (gd.measuring || !e.layer || !e.layer._gd) { return; }
          gd.openPopup(entry.index, e.layer._gd[1], e.latlng);
        });
      }
      entry.group = group;
      entry.items = items;
      entry.scale = 1;
      return group;
    }
    gd.feature = function (layerIndex, featureIndex) {
      var entry = gd.entries[layerIndex];
      build(entry);
      return entry.items[featureIndex];
    };
    gd.anchor = function (layerIndex, featureIndex) {
      var spec = gd.entries[layerIndex].spec, f = spec.features[featureIndex];
      if (spec.kind === 'point') { return f[0] ? L.latLng(f[0][1], f[0][0]) : null; }
      var at = spec.labelPoints && spec.labelPoints[featureIndex], layer = at ? null : gd.feature(layerIndex, featureIndex);
      return at ? L.latLng(at[1], at[0]) : (layer ? layer.getBounds().getCenter() : null);
    };

    // popups: the feature's name as heading, then its non-empty fields
    gd.openPopup = function (layerIndex, featureIndex, latlng) {
      var spec = gd.entries[layerIndex].spec, f = spec.features[featureIndex];
      var box = el('div', 'gd-popup');
      el('div', 'gd-popup-title', f[2] || spec.title, box);
      el('div', 'gd-popup-kind', spec.title, box);
      var table = el('table', null, null, box);
      spec.fields.forEach(function (name, k) {
        var value = f[3][k];
        if (value === '' || value === null || value === undefined) { return; }
        var tr = el('tr', null, null, table);
        el('th', null, name, tr);
        el('td', null, value, tr);
      });
      if (spec.kind === 'point' || !latlng) { latlng = gd.anchor(layerIndex, featureIndex); }
      return L.popup({maxWidth: 340, autoPanPadding: [40, 40]}).setLatLng(latlng).setContent(box).openOn(map);
    };

    function wanted(entry) { return entry.enabled && map.getZoom() >= entry.spec.minZoom; }
    gd.shown = function (entry) { return !!entry.group && map.hasLayer(entry.group); };

    // symbols a little smaller at low zoom, so dense places (a town's offices) stay readable
    function symbolScale() { var z = map.getZoom(); return z < 11.5 ? 0.7 : z < 13 ? 0.85 : 1; }
    gd.scale = 1;
    function rescale(entry) {
      var scale = entry.spec.fixedSize ? 1 : gd.scale;
      if (entry.spec.kind !== 'point' || !entry.items || entry.scale === scale) { return; }
      entry.items.forEach(function (layer, i) {
        if (layer) { layer.setRadius(entry.spec.styles[entry.spec.features[i][1]].size / 2 * scale); }
      });
      entry.scale = scale;
    }

    gd.sync = function () {
      gd.scale = symbolScale();
      var added = -1;
      gd.entries.forEach(function (entry, i) {
        var want = wanted(entry), on = gd.shown(entry);
        if (want) { build(entry); rescale(entry); }
        if (want && !on) { map.addLayer(entry.group); if (added < 0) { added = i; } }
        if (!want && on) { map.removeLayer(entry.group); }
      });
      if (added >= 0) {  // the canvas draws in the order layers were added: put those above back on top
        gd.entries.slice(added + 1).forEach(function (entry) { if (gd.shown(entry)) { entry.group.bringToFront(); } });
      }
      gd.updateLabels();
      if (gd.panel) { gd.panel.update(); }
    };

    // ---------------------------------------------------------------- labels
    var labelPane = map.getPane('gd-labels');
    gd.labels = [];
    gd.updateLabels = function () {
      labelPane.textContent = '';
      gd.labels = [];
      var zoom = map.getZoom(), view = map.getBounds().pad(0.05), size = map.getSize();
      var cells = {}, CELL = 64, seen = {};
      function free(b) {
        for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
          for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
            var list = cells[cx + ':' + cy] || [];
            for (var i = 0; i < list.length; i++) {
              var o = list[i];
              if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return false; }
            }
          }
        }
        return true;
      }
      function take(b) {
        for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
          for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
            (cells[cx + ':' + cy] = cells[cx + ':' + cy] || []).push(b);
          }
        }
      }
      var order = gd.entries.slice().reverse();  // top layers label first: stations, then offices, villages...
      order = order.filter(function (e) { return e.spec.labelFirst; }).concat(order.filter(function (e) { return !e.spec.labelFirst; }));
      for (var n = 0; n < order.length && gd.labels.length < MAX_LABELS; n++) {
        var entry = order[n], spec = entry.spec;
        if (spec.labelZoom === null || spec.labelZoom === undefined || zoom < spec.labelZoom || zoom > (spec.labelMaxZoom || 99) ||
            !gd.shown(entry)) { continue; }
        var fs = LABEL_SIZE[spec.id] || 11.5, point = spec.kind === 'point';
        for (var i = 0; i < spec.features.length && gd.labels.length < MAX_LABELS; i++) {
          var f = spec.features[i], text = f[2];
          if (!text || (spec.labelZooms && zoom < spec.labelZooms[i])) { continue; }
          var at = point ? f[0] : (spec.labelPoints ? spec.labelPoints[i] : null), ll = at ? L.latLng(at[1], at[0]) : null;
          if (!ll || !view.contains(ll)) { continue; }
          var p = map.latLngToContainerPoint(ll), w = textWidth(text, fs) + text.length * (LABEL_SPACING[spec.id] || 0) + 4, h = fs + 4;
          var key = text + '@' + Math.round(p.x / 8) + ':' + Math.round(p.y / 8);
          if (seen[key]) { continue; }
          var r = point ? (spec.styles[f[1]].size / 2 * (spec.fixedSize ? 1 : gd.scale) + 2) : 0, spots;
          spots = point ? [[p.x + r, p.y - h / 2], [p.x - r - w, p.y - h / 2], [p.x - w / 2, p.y - r - h], [p.x - w / 2, p.y + r]]
                        : [[p.x - w / 2, p.y - h / 2]];
          for (var s = 0; s < spots.length; s++) {
            var b = [spots[s][0], spots[s][1], spots[s][0] + w, spots[s][1] + h];
            if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y || !free(b)) { continue; }
            take(b);
            if (point) { take([p.x - r + 2, p.y - r + 2, p.x + r - 2, p.y + r - 2]); }  // nor over its own symbol
            seen[key] = true;
            var label = el('div', 'gd-label gd-label-' + spec.id, text, labelPane);
            label.style.fontSize = fs + 'px';
            L.DomUtil.setPosition(label, map.containerPointToLayerPoint([b[0], b[1]]));
            gd.labels.push(text);
            break;
          }
        }
      }
    };
    map.on('zoomstart', function () { labelPane.style.visibility = 'hidden'; });
    map.on('zoomend moveend', function () { labelPane.style.visibility = ''; });
    map.on('zoomend', gd.sync);
    map.on('moveend', gd.updateLabels);

    // ---------------------------------------------------------------- layers and legend panel
    gd.panel = GD.panel(gd);
    if (options.title) { GD.title(map, options.title, options.subtitle); }
    L.control.scale({imperial: false, maxWidth: 160, position: 'bottomleft'}).addTo(map);
    GD.north(map);  // bottom corners stack upwards: the arrow above the scale
    if (GD.search) { gd.search = GD.search(gd); }
    if (GD.measure) { gd.measure = GD.measure(gd); }

    var b = data.bounds;
    var right = gd.panel.getContainer().offsetWidth + 20;
    map.fitBounds([[b[0][0], b[0][1]], [b[1][0], b[1][1]]], {paddingTopLeft: [70, 70], paddingBottomRight: [right, 30], animate: false});
    map.setMinZoom(Math.max(0, map.getZoom() - 3));
    gd.sync();
    gd.ready = true;
    return gd;
  };

  GD.title = function (map, title, subtitle) {
    var div = el('div', 'gd-title', null, map.getContainer());
    el('div', 'gd-title-main', title, div);
    if (subtitle) { el('div', 'gd-title-sub', subtitle, div); }
    L.DomEvent.disableClickPropagation(div);
  };

  GD.north = function (map) {
    var arrow = L.control({position: 'bottomleft'});
    arrow.onAdd = function () {
      var div = el('div', 'gd-north');
      div.title = '指北针';
      div.innerHTML = '<svg width="34" height="46" viewBox="0 0 34 46"><text x="17" y="11" text-anchor="middle" ' +
        'font-size="12" font-weight="bold" fill="#2b2925">北</text><path d="M17 14 L26 42 L17 35 Z" fill="#2b2925"/>' +
        '<path d="M17 14 L8 42 L17 35 Z" fill="#ffffff" stroke="#2b2925" stroke-width="1"/></svg>';
      return div;
    };
    arrow.addTo(map);
  };

  // The legend is also the layer list: a check box on a group or a row shows and hides its layers.
  GD.panel = function (gd) {
    var map = gd.map, control = L.control({position: 'bottomright'}), toggles = [];
    function toggle(parent, ids) {
      var members = gd.entries.filter(function (e) { return ids.indexOf(e.spec.id) >= 0; });
      var box = el('input', null, null, parent);
      box.type = 'checkbox';
      box.checked = members.some(function (e) { return e.enabled; });
      var t = {members: members, box: box, note: null, onchange: null};
      box.onchange = function () {
        members.forEach(function (e) { e.enabled = box.checked; });
        gd.sync();
      };
      toggles.push(t);
      return t;
    }
    control.onAdd = function () {
      var div = el('div', 'gd-panel');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var head = el('div', 'gd-panel-head', null, div);
      el('span', null, '图例', head);
      var fold = el('button', 'gd-fold', '收起', head);
      var body = el('div', 'gd-panel-body', null, div);
      fold.onclick = function () {
        var hidden = body.style.display === 'none';
        body.style.display = hidden ? '' : 'none';
        fold.textContent = hidden ? '收起' : '展开';
      };
      gd.data.legend.forEach(function (group) {
        var title = el('label', 'gd-panel-section', null, body), rowsBox = el('div', 'gd-legend-rows', null, body), gt = null;
        if (group.layers && group.layers.length) { gt = toggle(title, group.layers); }
        el('span', null, group.title, title);
        if (gt) { gt.note = el('span', 'gd-note', '', title); }
        group.rows.forEach(function (row) {
          var line = el('label', 'gd-legend-row', null, rowsBox), rt = null;
          if (row.layers.length) { rt = toggle(line, row.layers); } else { el('span', 'gd-nobox', null, line); }
          line.appendChild(swatch(row));
          el('span', null, row.text, line);
          if (rt) { rt.note = el('span', 'gd-note', '', line); }
        });
        if (gt && group.fold) {  // a long list shows only while its layer is on
          gt.rows = rowsBox;
        }
      });
      return div;
    };
    control.update = function () {
      var zoom = map.getZoom();
      toggles.forEach(function (t) {
        var on = t.members.filter(function (e) { return e.enabled; });
        t.box.checked = on.length > 0;
        if (t.note) { t.note.textContent = on.length && on.every(function (e) { return zoom < e.spec.minZoom; }) ? '放大后显示' : ''; }
        if (t.rows) { t.rows.style.display = on.length ? '' : 'none'; }
      });
    };
    control.addTo(map);
    return control;
  };
})();
