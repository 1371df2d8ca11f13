"""The exported web map in a real browser engine (Chromium, QtWebEngine), off screen and offline:
no console error, no request beyond the page, layers drawn, popups, search and measure."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from layers.project import Project
from maps.web.export import export_web

ROOT = Path(__file__).resolve().parents[3]


def _main(*args) -> None:
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                         cwd=ROOT, timeout=900)
    assert res.returncode == 0, res.stderr[-2000:]


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    """The demo county with a siting plan and grids; one urban grid has its officer."""
    folder = tmp_path_factory.mktemp("web-county")
    gpkg = folder / "county.gpkg"
    _main("demo", gpkg, "--seed", "1", "--scale", "county")
    _main("site", gpkg, "--time-limit", "20")
    _main("grids", gpkg)
    p = Project.open(gpkg)
    grids = p["grids"].copy()
    grids.loc[grids[grids["area_type"] == "urban"].index[0], ["officer_name", "officer_phone"]] = ["王建国", "13837012345"]
    p["grids"] = grids
    p.save(gpkg)
    _main("export-web", gpkg, "--out", folder / "county.html")
    _main("export-web", gpkg, "--out", folder / "private.html", "--no-personal")
    return folder


@pytest.fixture
def page(county, browser_page):
    return browser_page(county / "county.html")


def _click_at(page, lat: float, lon: float, zoom: float = 16) -> None:
    """A real mouse click on the map canvas at a place, as a user would make it."""
    page.js(f"gisdesk.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}), true")
    page.js(f"""(function () {{
        var map = gisdesk.map, p = map.latLngToContainerPoint([{lat}, {lon}]), r = map.getContainer().getBoundingClientRect();
        var x = r.left + p.x, y = r.top + p.y, target = document.elementFromPoint(x, y);
        ['mousedown', 'mouseup', 'click'].forEach(function (type) {{
            target.dispatchEvent(new MouseEvent(type, {{clientX: x, clientY: y, bubbles: true, cancelable: true, view: window}}));
        }});
        return target.tagName;
    }})()""")


def _popup(page) -> str:
    page.wait_for("document.querySelector('.leaflet-popup-content')", 5)
    return page.js("(document.querySelector('.leaflet-popup-content') || {}).textContent || ''")


def test_county_loads_offline_without_errors_and_draws(page):
    assert page.errors == []
    assert page.refused == []
    assert page.load_seconds < 5
    shown = page.js("gisdesk.entries.filter(gisdesk.shown).map(function (e) { return e.spec.id; })")
    for layer in ("grids", "boundaries_station", "boundaries_county", "posts_station", "posts_office", "plan_offices"):
        assert layer in shown
    drawn = page.js("Object.values(gisdesk.map._layers).filter(function (l) { return l instanceof L.Path; }).length")
    assert drawn > 1000
    # the canvas really holds a picture: much of the view painted, in many colours (the canvas
    # reaches half a view beyond each side: read the middle, which is the view)
    painted = page.js("""(function () {
        var c = gisdesk.renderer._container, w = c.width / 2, h = c.height / 2, n = 0, colours = {};
        var d = c.getContext('2d').getImageData(w / 2, h / 2, w, h).data;
        for (var i = 0; i < d.length; i += 4 * 97) { if (d[i + 3]) { n++; colours[d[i] + ',' + d[i + 1] + ',' + d[i + 2]] = 1; } }
        return [n / (d.length / (4 * 97)), Object.keys(colours).length];
    })()""")
    assert painted[0] > 0.3 and painted[1] > 20
    labels = page.js("gisdesk.labels")
    assert "城关派出所" in labels and len(labels) > 15
    legend = page.js("document.querySelector('.gd-panel').textContent")
    for text in ("派出所", "警务室", "拟设警务室", "拟设警务工作站", "村—警务室分配线", "警格人口偏差", "派出所辖区界"):
        assert text in legend
    scale = page.js("document.querySelector('.leaflet-control-scale').textContent")
    assert "km" in scale and "mi" not in scale and "ft" not in scale


def test_villages_and_plan_show_when_zoomed_in(page):
    page.js("gisdesk.map.setView([34.30, 115.70], 15, {animate: false}), true")
    shown = page.js("gisdesk.entries.filter(gisdesk.shown).map(function (e) { return e.spec.id; })")
    for layer in ("villages", "plan_workstations", "plan_assignment", "posts_workstation"):
        assert layer in shown
    labels = page.js("gisdesk.labels")
    assert any(label.endswith("村") for label in labels)
    assert page.errors == []


def test_click_on_a_village_opens_its_popup_with_names(page, county):
    p = Project.open(county / "county.gpkg")
    v = p["villages"]
    v = v[v["name"] == "张庄村"].iloc[0]
    station = p["posts"].set_index("code").loc[v["station"], "name"]
    _click_at(page, v.geometry.y, v.geometry.x)
    text = _popup(page)
    assert "张庄村" in text and v["township"] in text
    assert f"{station}（{v['station']}）" in text  # the station's name, its code beside it
    assert "拟属警务室" in text and "警务室（JWS-" in text
    assert page.errors == []


def test_click_on_an_urban_grid_shows_its_officer(page, county, browser_page):
    grids = Project.open(county / "county.gpkg")["grids"]
    g = grids[grids["officer_name"] == "王建国"].iloc[0]
    at = g.geometry.representative_point()
    # the grid's own point may hold a post or a village: click a little off it, inside the grid
    for dx, dy in ((0, 0), (0.0004, 0), (-0.0004, 0), (0, 0.0004), (0, -0.0004)):
        _click_at(page, at.y + dy, at.x + dx, 17)
        text = _popup(page)
        if g["name"] in text:
            break
    assert g["name"] in text and "王建国" in text and "13837012345" in text and "人口偏差" in text
    private = browser_page(county / "private.html")
    _click_at(private, at.y + dy, at.x + dx, 17)
    text = _popup(private)
    assert g["name"] in text and "王建国" not in text and "13837012345" not in text
    assert "13837012345" not in (county / "private.html").read_text(encoding="utf-8")


def test_search_tells_same_names_apart_zooms_and_marks(page, county):
    page.js("(function () { var i = gisdesk.search.input; i.value = '张庄村'; i.dispatchEvent(new Event('input')); })(), true")
    items = page.js("Array.from(gisdesk.search.list.querySelectorAll('li')).map(function (li) { return li.textContent; })")
    exact = [item for item in items if item.startswith("张庄村村/社区")]
    assert len(exact) == 3 and len(set(exact)) == 3  # three 张庄村, each with its own township
    page.js("gisdesk.search.list.querySelectorAll('li')[1].click(), true")
    hit = page.js("gisdesk.search.selected")
    v = Project.open(county / "county.gpkg")["villages"]
    v = v[(v["name"] == "张庄村") & (v["township"] == hit[1].split(" · ")[1])].iloc[0]
    centre = page.js("(function () { var c = gisdesk.map.getCenter(); return [c.lat, c.lng, gisdesk.map.getZoom()]; })()")
    assert abs(centre[0] - v.geometry.y) < 1e-3 and abs(centre[1] - v.geometry.x) < 1e-3 and centre[2] >= 15
    assert page.js("document.querySelectorAll('path.gd-mark').length") == 1
    text = _popup(page)
    assert "张庄村" in text and v["township"] in text
    assert page.errors == []


def test_search_finds_a_grid_and_outlines_it(page, county):
    grids = Project.open(county / "county.gpkg")["grids"]
    g = grids[grids["officer_name"] == "王建国"].iloc[0]
    hits = page.js(f"gisdesk.search.find({g['name']!r})")
    assert hits[0][0] == g["name"] and hits[0][1].startswith("警格 · ")
    page.js(f"gisdesk.search.select(gisdesk.search.find({g['name']!r})[0]), true")
    assert page.js("document.querySelectorAll('path.gd-mark-outline').length") == 1
    bounds = page.js("gisdesk.map.getBounds().toBBoxString().split(',').map(Number)")
    minx, miny, maxx, maxy = g.geometry.bounds
    assert bounds[0] <= minx and bounds[1] <= miny and bounds[2] >= maxx and bounds[3] >= maxy
    assert g["name"] in _popup(page)


def test_measure_gives_metric_chinese_distances_and_areas(page):
    lat, lon = 34.40, 115.60
    page.js(f"gisdesk.map.setView([{lat}, {lon}], 14, {{animate: false}}), true")
    page.js("document.querySelectorAll('.gd-measure button')[0].click(), true")
    for point in ((lat, lon), (lat, lon + 0.01), (lat, lon + 0.01)):  # the repeat is a double-click's second click
        page.js(f"gisdesk.map.fire('click', {{latlng: L.latLng({point[0]}, {point[1]})}}), true")
    text = page.js("document.querySelector('.gd-measure-result').textContent")
    phi, dlon = math.radians(lat), math.radians(0.01)  # great circle on Leaflet's sphere (R = 6371 km): ~917 m
    expected = 2 * 6371000 * math.asin(math.cos(phi) * math.sin(dlon / 2))
    assert text == f"距离 {expected:,.0f} 米"
    page.js(f"gisdesk.map.fire('click', {{latlng: L.latLng({lat + 0.02}, {lon + 0.01})}}), true")
    assert page.js("document.querySelector('.gd-measure-result').textContent").endswith(" 公里")
    assert page.js("document.querySelector('.leaflet-popup-content')") is None  # clicks measure, not open popups
    page.js("document.querySelectorAll('.gd-measure button')[1].click(), true")
    for dlat, dlon in ((0, 0), (0, 0.002), (0.002, 0.002)):
        page.js(f"gisdesk.map.fire('click', {{latlng: L.latLng({lat + dlat}, {lon + dlon})}}), true")
    area = page.js("document.querySelector('.gd-measure-result').textContent")
    assert area.startswith("面积 ") and "公顷" in area and "平方米" in area and "周长" in area
    # a real click on a village while measuring adds a point and opens no popup
    v = page.js("gisdesk.entry('villages').spec.features[0][0]")
    page.js("document.querySelectorAll('.gd-measure button')[0].click(), true")
    _click_at(page, v[1], v[0])
    assert page.js("gisdesk.measure.points.length") == 1
    assert page.js("document.querySelector('.leaflet-popup-content')") is None
    control = page.js("document.querySelector('.gd-measure').textContent")
    assert "测距" in control and "测面" in control
    for english in ("mi", "ft", "Measure", "acre"):
        assert english not in control + text + area
    assert page.errors == []


def test_the_harness_sees_errors_and_refuses_the_network(browser_page, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="https://tile.example.com/1/2/3.png">'
                    '<script>window.gisdesk = {ready: true}; undefinedFunction();</script></body></html>')
    loaded = browser_page(page, allow_errors=True)
    assert any("undefinedFunction" in e for e in loaded.errors)
    assert loaded.refused == ["https://tile.example.com/1/2/3.png"]
    loaded.refused.clear()  # seen: the fixture would fail the test for it


def test_an_empty_project_and_places_unknown_load_clean(browser_page, tmp_path):
    from tests.maps.web.test_export import small_project

    empty = tmp_path / "empty.html"
    export_web(Project.new(), empty)
    assert browser_page(empty).js("gisdesk.entries.length") == 0
    project = small_project()
    villages = project["villages"].copy()
    villages.loc[1, "geometry"] = None  # a village not yet placed on the map
    project["villages"] = villages
    out = tmp_path / "unplaced.html"
    export_web(project, out)
    page = browser_page(out)
    page.js("gisdesk.map.setView([34.41, 115.62], 15, {animate: false}), true")
    assert page.js("gisdesk.entry('villages').items.filter(Boolean).length") == 2
    hits = [hit[1] for hit in page.js("gisdesk.search.find('张庄村')") if hit[0] == "张庄村"]
    assert hits == ["村/社区 · 王集乡 · 城关派出所"]  # the unplaced one cannot be gone to


def test_text_from_data_shows_as_text(browser_page, tmp_path):
    from tests.maps.web.test_export import EVIL, small_project

    project = small_project()
    out = tmp_path / "evil.html"
    export_web(project, out)
    page = browser_page(out)
    v = project["villages"].iloc[0]
    _click_at(page, v.geometry.y, v.geometry.x)
    assert EVIL in _popup(page)
    assert page.js("window.pwned === undefined")
    assert page.errors == [] and page.refused == []


# ------------------------------------------------------------------ city scale
@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    """The demo city (nine counties, no plan): the export a bureau of a city makes."""
    folder = tmp_path_factory.mktemp("web-city")
    _main("demo", folder / "city.gpkg", "--seed", "1", "--scale", "city")
    _main("export-web", folder / "city.gpkg", "--out", folder / "city.html")
    return folder / "city.html"


def test_city_loads_fast_and_draws_by_zoom(city, browser_page):
    assert city.stat().st_size < 20e6
    page = browser_page(city)
    assert page.errors == [] and page.refused == []
    assert page.load_seconds < 5
    shown = page.js("gisdesk.entries.filter(gisdesk.shown).map(function (e) { return e.spec.id; })")
    # at full extent: stations and boundaries, not a wall of thousands of villages and sites
    assert "posts_station" in shown and "boundaries_station" in shown
    for layer in ("villages", "key_sites", "posts_workstation", "posts_office", "roads_village"):
        assert layer not in shown
    markers = page.js("Object.values(gisdesk.map._layers).filter(function (l) { return l instanceof L.CircleMarker; }).length")
    assert 0 < markers < 300
    assert len(page.js("gisdesk.labels")) > 30
    village = page.js("gisdesk.entry('villages').spec.features[0][0]")
    page.js(f"gisdesk.map.setView([{village[1]}, {village[0]}], 13, {{animate: false}}), true")
    shown = page.js("gisdesk.entries.filter(gisdesk.shown).map(function (e) { return e.spec.id; })")
    assert "villages" in shown and "posts_office" in shown
    assert any(label.endswith("村") for label in page.js("gisdesk.labels"))
    assert page.errors == []
