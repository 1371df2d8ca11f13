"""The road network on small hand-made graphs."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from algorithms.network import build_network, straight_costs, travel_costs
from algorithms.progress import Cancelled, CancelToken


def _net(lines, speeds=None, oneway=None, **kw):
    speeds = [36.0] * len(lines) if speeds is None else speeds  # 36 km/h = 10 m/s
    return build_network([shapely.LineString(c) for c in lines], speeds, oneway, **kw)


def test_crossing_segments_are_noded():
    # a plus sign without a shared vertex: two lines become four edges at one new node
    net = _net([[(0, 0), (200, 0)], [(100, -100), (100, 100)]])
    assert net.n_nodes == 5
    assert net.n_edges == 4
    centre = int(np.flatnonzero(np.all(np.isclose(net.xy, [100, 0]), axis=1))[0])
    west = int(np.flatnonzero(np.all(np.isclose(net.xy, [0, 0]), axis=1))[0])
    north = int(np.flatnonzero(np.all(np.isclose(net.xy, [100, 100]), axis=1))[0])
    d = travel_costs(net, [west], [north, centre])
    assert d[0] == pytest.approx([200.0, 100.0])
    assert net.length_m.sum() == pytest.approx(400.0)


def test_without_noding_crossings_do_not_connect():
    net = _net([[(0, 0), (200, 0)], [(100, -100), (100, 100)]], node_crossings=False)
    assert net.n_edges == 2
    assert len(net.pieces()) == 1


def test_t_junction_and_near_miss_are_joined():
    # the second line ends on the first's interior; the third stops 0.4 m short of the first's end
    net = _net([[(0, 0), (100, 0)], [(50, 0), (50, 80)], [(100.4, 0), (100.4, 60)]])
    assert len(net.pieces()) == 0
    assert net.n_edges == 4


def test_oneway_is_honoured():
    net = _net([[(0, 0), (100, 0)], [(100, 0), (100, 100), (0, 100), (0, 0)]], oneway=[True, False])
    a = int(np.argmin(np.hypot(*(net.xy - [0, 0]).T)))
    b = int(np.argmin(np.hypot(*(net.xy - [100, 0]).T)))
    d = travel_costs(net, [a, b], [a, b])
    assert d[0, 1] == pytest.approx(100.0)  # with the traffic
    assert d[1, 0] == pytest.approx(300.0)  # the long way round
    t = travel_costs(net, [a], [b], weight="time")
    assert t[0, 0] == pytest.approx(10.0)


def test_speeds_make_time_and_length_disagree():
    # a short slow road and a long fast one between the same ends
    net = _net([[(0, 0), (1000, 0)], [(0, 0), (0, 500), (1000, 500), (1000, 0)]], speeds=[10.0, 100.0])
    a, b = 0, 1
    a = int(np.argmin(np.hypot(*(net.xy - [0, 0]).T)))
    b = int(np.argmin(np.hypot(*(net.xy - [1000, 0]).T)))
    assert travel_costs(net, [a], [b])[0, 0] == pytest.approx(1000.0)
    assert travel_costs(net, [a], [b], weight="time")[0, 0] == pytest.approx(2000 / (100 / 3.6))


def test_snapping_splits_the_edge_and_adds_connector():
    net = _net([[(0, 0), (1000, 0)]])
    snapped = net.with_points(np.array([[300.0, 50.0], [700.0, -20.0]]))
    g = snapped.network
    assert snapped.offroad_m == pytest.approx([50.0, 20.0])
    # the original edge is replaced by three pieces plus two connectors
    assert g.n_edges == 3 + 2
    p, q = snapped.nodes
    d = travel_costs(g, [p], [q])[0, 0]
    assert d == pytest.approx(50 + 400 + 20)  # along the road between the two snaps, not via the ends
    minutes = travel_costs(g, [p], [q], weight="time")[0, 0]
    assert minutes == pytest.approx(400 / 10 + 70 / (15 / 3.6))


def test_snapping_onto_oneway_keeps_direction():
    net = _net([[(0, 0), (1000, 0)]], oneway=[True])
    s = net.with_points(np.array([[200.0, 0.0], [800.0, 0.0]]))
    p, q = s.nodes
    d = travel_costs(s.network, [p, q], [p, q])
    assert d[0, 1] == pytest.approx(600.0, abs=1e-3)
    assert np.isinf(d[1, 0])


def test_far_points_are_reported():
    net = _net([[(0, 0), (1000, 0)]])
    s = net.with_points(np.array([[500.0, 10.0], [500.0, 2500.0]]))
    assert list(s.far(1000.0)) == [1]


def test_disconnected_pieces_reported_and_unreachable_is_inf():
    net = _net([[(0, 0), (100, 0)], [(5000, 0), (5100, 0), (5100, 100)]])
    pieces = net.pieces()
    assert len(pieces) == 1 and pieces[0]["nodes"] == 2
    s = net.with_points(np.array([[50.0, 5.0], [5050.0, 5.0]]))
    assert np.isinf(travel_costs(s.network, [s.nodes[0]], [s.nodes[1]])[0, 0])


def test_cutoff_and_smaller_side():
    line = [(float(x), 0.0) for x in range(0, 10001, 1000)]
    net = _net([line[i : i + 2] for i in range(10)])
    ends = np.argsort(net.xy[:, 0])
    full = travel_costs(net, ends[:2], ends)  # from the 2 sources
    assert full[0, -1] == pytest.approx(10000.0)
    cut = travel_costs(net, ends[:2], ends, limit=3500.0)
    assert np.isinf(cut[0, 4]) and cut[0, 3] == pytest.approx(3000.0)
    # more sources than targets: computed from the targets on the reversed graph
    back = travel_costs(net, ends, ends[:2])
    assert np.allclose(back, full.T)


def test_cancel_stops_the_matrix():
    net = _net([[(0, 0), (100, 0)]])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        travel_costs(net, [0], [1], cancel=token)


def test_networkx_export_and_straight_fallback():
    net = _net([[(0, 0), (100, 0)], [(100, 0), (100, 100)]], oneway=[True, False])
    g = net.to_networkx()
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 3
    d = straight_costs(np.array([[0.0, 0.0]]), np.array([[300.0, 400.0]]))
    assert d[0, 0] == pytest.approx(650.0)


def test_bad_speed_is_a_value_error():
    with pytest.raises(ValueError, match="speed"):
        _net([[(0, 0), (1, 0)]], speeds=[0.0])


def test_snapping_on_a_later_edge_keeps_its_length():
    net = _net([[(0, 0), (1000, 0)], [(1000, 0), (3000, 0)]])
    s = net.with_points(np.array([[2500.0, 10.0]]))
    start = int(np.argmin(np.hypot(*(s.network.xy - [0, 0]).T)))
    end = int(np.argmin(np.hypot(*(s.network.xy - [3000, 0]).T)))
    d = travel_costs(s.network, [start, end], s.nodes)
    assert d[:, 0] == pytest.approx([2510.0, 510.0])


def test_search_within_a_box_matches_and_misses_outside_detours():
    # a U-shaped road: the only way from A to B leaves the box round the bottom
    u = [[(0, 0), (0, -5000)], [(0, -5000), (1000, -5000)], [(1000, -5000), (1000, 0)]]
    net = _net(u + [[(0, 0), (0, 200)], [(1000, 0), (1000, 200)]])
    a = int(np.argmin(np.hypot(*(net.xy - [0, 200]).T)))
    b = int(np.argmin(np.hypot(*(net.xy - [1000, 200]).T)))
    full = travel_costs(net, [a], [b])[0, 0]
    assert full == pytest.approx(11400.0)
    assert travel_costs(net, [a], [b], within=(-100, -6000, 1100, 300))[0, 0] == pytest.approx(full)
    assert np.isinf(travel_costs(net, [a], [b], within=(-100, -100, 1100, 300))[0, 0])


def test_snapping_on_a_bent_road_keeps_the_bend_and_snaps_again():
    net = _net([[(0, 0), (1000, 0), (1000, 1000)]])
    s = net.with_points(np.array([[500.0, 10.0], [1010.0, 500.0]]))
    p, q = s.nodes
    assert travel_costs(s.network, [p], [q])[0, 0] == pytest.approx(10 + 500 + 500 + 10)
    # the middle piece still turns the corner, so a later snap lands on it correctly
    s2 = s.network.with_points(np.array([[990.0, 800.0]]))
    r = s2.nodes[0]
    assert s2.offroad_m[0] == pytest.approx(10.0)
    assert travel_costs(s2.network, [q], [r])[0, 0] == pytest.approx(10 + 300 + 10)


# ---------------------------------------------------------------------------- paths
def test_route_lines_follow_the_cheapest_path_and_its_geometry():
    from algorithms.network import route_lines

    # a square detour (east then north, with a bend vertex) and a one-way shortcut south
    net = _net(
        [[(0, 0), (100, 0), (100, 100)], [(100, 100), (50, 150), (0, 100)], [(0, 100), (0, 0)]],
        oneway=[False, False, True],
    )
    a = int(np.flatnonzero(np.all(np.isclose(net.xy, [0, 0]), axis=1))[0])
    c = int(np.flatnonzero(np.all(np.isclose(net.xy, [0, 100]), axis=1))[0])
    to_c, to_a, same = route_lines(net, [a, c, a], [c, a, a])
    # a -> c may not use the one-way road against its direction: round the square
    np.testing.assert_allclose(to_c, [(0, 0), (100, 0), (100, 100), (50, 150), (0, 100)])
    assert shapely.LineString(to_c).length == pytest.approx(travel_costs(net, [a], [c])[0, 0])
    np.testing.assert_allclose(to_a, [(0, 100), (0, 0)])  # c -> a takes the shortcut
    assert len(same) == 2 and np.allclose(same, [(0, 0), (0, 0)])


def test_route_lines_through_snapped_points_and_none_without_path():
    from algorithms.network import route_lines

    net = _net([[(0, 0), (1000, 0)], [(5000, 0), (6000, 0)]])
    snapped = net.with_points(np.array([[200.0, 50.0], [700.0, -30.0], [5500.0, 10.0]]))
    p, q, far = snapped.nodes
    line, missing = route_lines(snapped.network, [p, p], [q, far], within=(-100, -100, 1100, 100))
    np.testing.assert_allclose(line, [(200, 50), (200, 0), (700, 0), (700, -30)])
    assert shapely.LineString(line).length == pytest.approx(travel_costs(snapped.network, [p], [q])[0, 0])
    assert missing is None
    assert route_lines(snapped.network, [p], [q], limit=300.0) == [None]  # 650 m away
    with pytest.raises(ValueError, match="one node each"):
        route_lines(snapped.network, [p], [q, far])
