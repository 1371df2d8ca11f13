"""The built-in demonstration project: a Henan plain county (or a city of nine) with
villages, the county town's communities and building blocks, posts, key sites and a
dense, noded road network. :func:`build_demo` is the entry point.
"""

from gisdesk.demo.build import SCALES, build_demo

__all__ = ["SCALES", "build_demo"]
