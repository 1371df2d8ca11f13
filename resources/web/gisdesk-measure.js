/* gisdesk web map: measure a distance or an area, in Chinese and metric units only.
 *
 * Click 测距 or 测面, then click points on the map; double-click or 完成 ends, 清除 clears.
 * Distances are great-circle (Leaflet's Earth radius), areas spherical. While measuring,
 * clicks on features add points instead of opening popups.
 */
(function () {
  'use strict';

  var GD = window.GisdeskMap = window.GisdeskMap || {};
  var R = 6378137;

  function number(x, digits) {
    return x.toLocaleString('zh-CN', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }
  GD.formatDistance = function (m) {
    return m < 1000 ? number(m, 0) + ' 米' : number(m / 1000, m < 10000 ? 2 : 1) + ' 公里';
  };
  GD.formatArea = function (m2) {
    if (m2 < 10000) { return number(m2, 0) + ' 平方米'; }
    if (m2 < 1e6) { return number(m2 / 10000, 2) + ' 公顷（' + number(m2, 0) + ' 平方米）'; }
    return number(m2 / 1e6, 2) + ' 平方公里（' + number(m2 / 10000, 1) + ' 公顷）';
  };
  GD.ringArea = function (latlngs) {
    var area = 0, d = Math.PI / 180, n = latlngs.length;
    if (n < 3) { return 0; }
    for (var i = 0; i < n; i++) {
      var p1 = latlngs[i], p2 = latlngs[(i + 1) % n];
      area += (p2.lng - p1.lng) * d * (2 + Math.sin(p1.lat * d) + Math.sin(p2.lat * d));
    }
    return Math.abs(area * R * R / 2);
  };

  GD.measure = function (gd) {
    var map = gd.map, drawn = L.featureGroup().addTo(map);
    var api = {mode: null, points: [], text: ''};
    var control = L.control({position: 'topleft'}), result, buttons = {};

    function length(points) {
      var m = 0;
      for (var i = 1; i < points.length; i++) { m += map.distance(points[i - 1], points[i]); }
      return m;
    }
    function redraw() {
      drawn.clearLayers();
      var pts = api.points, style = {renderer: gd.svg, color: '#c0392b', weight: 3, interactive: false};
      if (api.mode === 'area' && pts.length > 2) {
        L.polygon(pts, L.extend({fillColor: '#e8481c', fillOpacity: 0.15}, style)).addTo(drawn);
      } else if (pts.length > 1) {
        L.polyline(pts, style).addTo(drawn);
      }
      pts.forEach(function (p) {
        L.circleMarker(p, {renderer: gd.svg, radius: 4, color: '#c0392b', weight: 2, fillColor: '#ffffff',
          fillOpacity: 1, interactive: false}).addTo(drawn);
      });
      if (!api.mode && !pts.length) { api.text = ''; }
      else if ((api.mode || api.last) === 'area') {
        api.text = pts.length > 2 ? '面积 ' + GD.formatArea(GD.ringArea(pts)) + '，周长 ' +
          GD.formatDistance(length(pts.concat([pts[0]]))) : '面积：请至少点选三个点';
      } else {
        api.text = pts.length > 1 ? '距离 ' + GD.formatDistance(length(pts)) : '距离：请点选下一个点';
      }
      result.textContent = api.text;
      result.style.display = api.text ? '' : 'none';
      if (pts.length > 1 && api.text) {
        L.tooltip({permanent: true, direction: 'right', className: 'gd-measure-tip', offset: [8, 0]})
          .setLatLng(pts[pts.length - 1]).setContent(api.text.split('，')[0]).addTo(drawn);
      }
    }
    function onClick(e) {
      if (!api.mode) { return; }
      var last = api.points[api.points.length - 1];
      if (last && last.equals(e.latlng)) { return; }  // the second click of a double-click
      api.points.push(e.latlng);
      redraw();
    }
    api.start = function (mode) {
      api.finish();
      api.mode = mode;
      api.last = mode;
      api.points = [];
      gd.measuring = true;
      map.closePopup();
      map.doubleClickZoom.disable();
      map.getContainer().classList.add('gd-measuring');
      buttons[mode].classList.add('gd-on');
      redraw();
    };
    api.finish = function () {
      if (!api.mode) { return; }
      buttons[api.mode].classList.remove('gd-on');
      api.mode = null;
      gd.measuring = false;
      map.getContainer().classList.remove('gd-measuring');
      setTimeout(function () { map.doubleClickZoom.enable(); }, 0);
      redraw();
    };
    api.clear = function () { api.finish(); api.points = []; api.last = null; redraw(); };

    control.onAdd = function () {
      var div = GD.el('div', 'gd-measure leaflet-bar');
      L.DomEvent.disableClickPropagation(div);
      var row = GD.el('div', 'gd-measure-buttons', null, div);
      [['distance', '测距', '量测距离：在图上依次点选，双击结束'], ['area', '测面', '量测面积：在图上依次点选，双击结束']].forEach(function (b) {
        var button = GD.el('button', null, b[1], row);
        button.title = b[2];
        button.onclick = function () { if (api.mode === b[0]) { api.finish(); } else { api.start(b[0]); } };
        buttons[b[0]] = button;
      });
      var clear = GD.el('button', null, '清除', row);
      clear.title = '清除量测结果';
      clear.onclick = api.clear;
      result = GD.el('div', 'gd-measure-result', '', div);
      result.style.display = 'none';
      return div;
    };
    control.addTo(map);
    map.on('click', onClick);
    map.on('dblclick', function () { if (api.mode) { api.finish(); } });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && api.mode) { api.finish(); } });
    return api;
  };
})();
