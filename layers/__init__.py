"""The data model: schemas, the GeoPackage project, import, validation and edits."""

__version__ = "0.1.0"
