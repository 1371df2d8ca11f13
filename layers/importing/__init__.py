"""Importing planners' files (Shapefile, GeoPackage, GeoJSON, CSV, XLSX) into a project layer.

>>> from layers.importing import ImportOptions, import_file, import_into_project
>>> result = import_into_project("city.gpkg", "villages", "villages.xlsx",
...                              ImportOptions(crs="gcj02", skip_invalid=True))
>>> result.summary()["imported"]

:func:`import_file` only reads and checks (nothing is written); the file is refused whole
(InputError) unless ``skip_invalid``. Column names are recognised in Chinese and English
(:mod:`layers.importing.fields`), encodings detected (:mod:`.encoding`), and coordinates
converted to EPSG:4490 from any CRS or from GCJ-02 / BD-09 (:mod:`.source_crs`, :mod:`.chinacoords`).

Layouts are recognised and turned into the layer's columns before mapping: the adcode
hierarchy (:mod:`.tables`), OpenStreetMap as Geofabrik shapefiles or raw .osm/.osm.pbf
(:mod:`.osm`) and Amap/Baidu POI exports (:mod:`.amap`). ``--clip`` limits reading to the
county (:mod:`.clip`); village lists without coordinates are placed by name
(:mod:`.matching`, :mod:`.placing`) and their urban/rural class inferred (:mod:`.area_types`).
"""

from layers.importing.pipeline import (
    ImportOptions,
    ImportResult,
    add_to_project,
    import_file,
    import_into_project,
    read_source,
)

__all__ = ["ImportOptions", "ImportResult", "add_to_project", "import_file", "import_into_project", "read_source"]
