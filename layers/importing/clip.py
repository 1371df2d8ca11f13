"""``--clip``: read only the county (or a box) out of a province-size file.

``county`` takes the union of the project's county boundaries (else all its boundaries);
``minx,miny,maxx,maxy`` is a box in longitude/latitude. The area is handed to GDAL as a
spatial filter (pyogrio ``mask``), so large files stream through and only what meets the
area is ever held; rows that still lie outside (CSV, spreadsheets) are left out after
reading, with a count.
"""

from __future__ import annotations

import re

import shapely

from layers.errors import InputError


def clip_area(spec: str | None, project) -> shapely.Geometry | None:
    """The clip polygon (EPSG:4490) for ``--clip SPEC``, or None without the option."""
    if not spec:
        return None
    text = spec.strip()
    numbers = re.split(r"\s*[,，]\s*", text)
    if len(numbers) == 4:
        try:
            minx, miny, maxx, maxy = (float(v) for v in numbers)
        except ValueError as exc:
            raise InputError("bad_option", f"--clip: expected county or MINX,MINY,MAXX,MAXY, got {spec!r}") from exc
        if not (minx < maxx and miny < maxy):
            raise InputError("bad_option", f"--clip: the box {spec!r} is empty (min must be below max)")
        return shapely.box(minx, miny, maxx, maxy)
    if text.lower() not in ("county", "县", "boundary", "project"):
        raise InputError("bad_option", f"--clip: expected county or MINX,MINY,MAXX,MAXY, got {spec!r}")
    bounds = None if project is None else project["boundaries"]
    if bounds is None or len(bounds) == 0:
        raise InputError(
            "bad_option",
            "--clip county: 项目中还没有县界 (the project has no county boundary yet: import one into "
            "boundaries first, or give a box MINX,MINY,MAXX,MAXY)",
        )
    county = bounds[bounds["level"] == "county"] if "level" in bounds.columns else bounds
    if len(county) == 0:
        county = bounds
    geoms = [g for g in county.geometry.values if g is not None and not shapely.is_empty(g)]
    area = shapely.union_all(shapely.make_valid(geoms))
    # a simpler outline is a cheaper filter; rows are checked against the real one after reading
    return shapely.simplify(area, 0.0005)


def reader_mask(area: shapely.Geometry | None, file_crs) -> shapely.Geometry | None:
    """``area`` for the reader's spatial filter, in the file's CRS (a slightly larger box
    for projected files: the exact test happens after reading)."""
    if area is None:
        return None
    if file_crs is None:
        return area
    import pyproj

    crs = pyproj.CRS.from_user_input(file_crs)
    if crs.is_geographic:
        return area.buffer(0.001)
    minx, miny, maxx, maxy = area.bounds
    to_file = pyproj.Transformer.from_crs("EPSG:4490", crs, always_xy=True)
    box = to_file.transform_bounds(minx - 0.01, miny - 0.01, maxx + 0.01, maxy + 0.01)
    return shapely.box(*box)
