(function () {
  var index = __INDEX__;
  var map = __MAP__;
  var box = L.control({position: 'topright'});
  box.onAdd = function () {
    var div = L.DomUtil.create('div', 'gd-search');
    div.innerHTML = '<input type="search" placeholder="搜索村、站点、警格…"><ul></ul>';
    L.DomEvent.disableClickPropagation(div);
    var input = div.querySelector('input'), list = div.querySelector('ul');
    input.addEventListener('input', function () {
      var q = input.value.trim();
      list.innerHTML = '';
      if (!q) { return; }
      var hits = index.filter(function (r) { return r[0].indexOf(q) >= 0; }).slice(0, 12);
      hits.forEach(function (r) {
        var li = document.createElement('li');
        li.innerHTML = r[0] + ' <small>' + r[1] + '</small>';
        li.onclick = function () { map.setView([r[2], r[3]], 15); list.innerHTML = ''; };
        list.appendChild(li);
      });
    });
    return div;
  };
  box.addTo(map);
})();
