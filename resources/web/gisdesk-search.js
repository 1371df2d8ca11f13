/* gisdesk web map: the search box. Finds villages, posts, proposed offices, grids and key
 * sites by name (or part of one); each hit says what it is and where (township, station), so
 * same-named villages are told apart. Choosing a hit zooms to it, marks it and opens its popup.
 */
(function () {
  'use strict';

  var GD = window.GisdeskMap = window.GisdeskMap || {};
  var MAX_HITS = 30;

  GD.search = function (gd) {
    var map = gd.map, index = gd.data.search, marks = L.featureGroup().addTo(map);
    var api = {hits: [], marks: marks};

    api.find = function (query) {
      var q = (query || '').trim();
      if (!q) { return []; }
      var hits = [];
      for (var i = 0; i < index.length; i++) {
        var at = index[i][0].indexOf(q);
        if (at >= 0) { hits.push([at === 0 ? (index[i][0] === q ? 0 : 1) : 2, index[i][0].length, i]); }
      }
      hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      return hits.slice(0, MAX_HITS).map(function (h) { return index[h[2]]; });
    };

    api.select = function (hit) {
      var layerIndex = hit[2], featureIndex = hit[3], entry = gd.entries[layerIndex];
      entry.enabled = true;
      var feature = gd.feature(layerIndex, featureIndex), at = gd.anchor(layerIndex, featureIndex);
      marks.clearLayers();
      if (entry.spec.kind === 'point') {
        map.setView(at, Math.max(map.getZoom(), entry.spec.minZoom, 15), {animate: false});
      } else {
        map.fitBounds(feature.getBounds(), {maxZoom: 16, padding: [60, 60], animate: false});
        L.polygon(feature.getLatLngs(), {renderer: gd.svg, color: '#e8481c', weight: 4, fill: false,
          interactive: false, className: 'gd-mark-outline'}).addTo(marks);
      }
      L.circleMarker(at, {renderer: gd.svg, radius: 18, color: '#e8481c', weight: 3, fill: false,
        interactive: false, className: 'gd-mark'}).addTo(marks);
      gd.sync();
      gd.openPopup(layerIndex, featureIndex);
      api.selected = hit;
      return feature;
    };

    var box = L.control({position: 'topright'});
    box.onAdd = function () {
      var div = GD.el('div', 'gd-search');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var input = GD.el('input', null, null, div), list = GD.el('ul', null, null, div);
      input.type = 'search';
      input.placeholder = '搜索村、派出所、警务室、警格…';
      api.input = input;
      api.list = list;
      function show() {
        list.textContent = '';
        api.hits = api.find(input.value);
        if (input.value.trim() && !api.hits.length) { GD.el('li', 'gd-none', '未找到', list); }
        api.hits.forEach(function (hit, k) {
          var li = GD.el('li', null, null, list);
          GD.el('span', 'gd-hit-name', hit[0], li);
          GD.el('small', null, hit[1], li);
          li.onclick = function (e) {
            L.DomEvent.stop(e);  // the list goes away: the map must not take this click for its own
            api.select(hit);
            list.textContent = '';
            input.value = hit[0];
          };
          li.dataset.hit = k;
        });
      }
      input.addEventListener('input', show);
      input.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && api.hits.length) { api.select(api.hits[0]); list.textContent = ''; input.value = api.hits[0][0]; }
        if (e.key === 'Escape') { list.textContent = ''; }
      });
      return div;
    };
    box.addTo(map);
    return api;
  };
})();
