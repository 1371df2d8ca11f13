"""Label placement: no overlaps, inside the frame, by priority."""

from __future__ import annotations

import numpy as np
import pytest

from maps.render.labels import LabelPlacer, LabelRequest


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def test_labels_never_overlap_and_stay_inside():
    rng = np.random.default_rng(3)
    reqs = [LabelRequest(f"张庄村{i}", float(x), float(y), float(p))
            for i, (x, y, p) in enumerate(zip(rng.uniform(-20, 420, 400), rng.uniform(-20, 320, 400),
                                              rng.uniform(0, 100, 400), strict=True))]
    placer = LabelPlacer(400, 300)
    placed = placer.place(reqs)
    assert 10 < len(placed) < 400
    for i, a in enumerate(placed):
        r = a.rect
        assert r.left() >= 0 and r.top() >= 0 and r.right() <= 400 and r.bottom() <= 300
        for b in placed[i + 1 :]:
            assert not a.rect.intersects(b.rect)


def test_priority_wins_a_crowded_spot():
    reqs = [LabelRequest("李营村", 100, 100, 10), LabelRequest("城关派出所", 100, 100, 100)]
    placer = LabelPlacer(130, 200)  # only one side has room
    placed = placer.place(reqs)
    texts = [p.request.text for p in placed]
    assert texts[0] == "城关派出所"


def test_label_at_the_edge_moves_inside_or_is_dropped():
    placer = LabelPlacer(200, 100)
    placed = placer.place([LabelRequest("王寨村", 198, 50, 5)])
    assert len(placed) == 1
    r = placed[0].rect
    assert r.right() <= 200 and r.left() < 198  # placed to the left of the point


def test_reserved_symbols_are_not_covered():
    from PyQt6.QtCore import QRectF

    placer = LabelPlacer(300, 300)
    symbol = QRectF(140, 140, 20, 20)
    placer.reserve(symbol)
    placed = placer.place([LabelRequest("刘集村", 150, 150, 5, centred=True)])
    assert all(not p.rect.intersects(symbol) for p in placed)


def test_rotated_labels_are_centred_and_collide_by_their_box():
    placer = LabelPlacer(400, 300)
    placed = placer.place([LabelRequest("国道107", 200, 150, 30, angle=45.0),
                           LabelRequest("省道207", 200, 150, 20, angle=-30.0)])
    assert len(placed) == 1
    r = placed[0].rect
    assert r.center().x() == pytest.approx(200) and r.center().y() == pytest.approx(150)
    assert r.width() == pytest.approx(r.height(), rel=0.01)  # 45°: a square box


def test_symbols_outside_the_frame_reserve_nothing_inside():
    from PyQt6.QtCore import QRectF

    placer = LabelPlacer(300, 200)
    placer.reserve(QRectF(-30, -30, 15, 15))  # a post just beyond the top-left corner
    placer.reserve(QRectF(320, 50, 10, 10))  # and one beyond the right edge
    assert not placer.grid.any()
