#!/usr/bin/python3
"""Writes resources/demo/olinda-training.gpkg: sparse training polygons for the Olinda Landsat scene.

The polygons were digitised by eye on true- and false-colour (4-3-2) composites of tif/L7_ETMs.tif and
are written here in pixel coordinates of that scene (column, row), so that anyone can check them against
the image. Most of the scene stays unlabelled, as with a real user's regions of interest. Kept for
provenance; the GeoPackage in resources/ is what the demo uses.

Usage: /usr/bin/python3 scripts/make-demo-labels.py [OUTPUT.gpkg]
"""
import os
import sys

from osgeo import ogr, osr

# Grid of L7_ETMs.tif (gdalinfo): origin and 28.5 m pixels, SIRGAS 2000 / UTM zone 25S.
ORIGIN_X, ORIGIN_Y, PIXEL = 288776.25, 9120760.75, 28.5
EPSG = 31985

POLYGONS = [
    # landcover, code, ring in (column, row)
    ("water", 1, [(262, 272), (338, 268), (341, 344), (266, 346), (258, 300)]),        # open sea, SE
    ("water", 1, [(327, 102), (344, 98), (345, 226), (333, 228)]),                      # sea beyond the reef, E
    ("water", 1, [(252, 291), (288, 289), (290, 318), (255, 320)]),                     # sea off the beach
    ("vegetation", 2, [(21, 17), (54, 15), (56, 48), (24, 51)]),                        # forest, NW
    ("vegetation", 2, [(201, 187), (224, 185), (225, 209), (203, 210)]),                # forest patch, centre
    ("vegetation", 2, [(121, 66), (149, 64), (150, 94), (123, 95)]),                    # forest, N
    ("vegetation", 2, [(76, 101), (112, 100), (114, 138), (78, 140)]),                  # forested hills, W
    ("built_up", 3, [(11, 301), (69, 300), (70, 344), (12, 345)]),                      # dense housing, SW
    ("built_up", 3, [(271, 61), (299, 60), (300, 109), (272, 110)]),                    # town, NE
    ("built_up", 3, [(191, 241), (209, 241), (209, 258), (191, 258)]),                  # town behind the beach
    ("bare_soil", 4, [(199, 68), (207, 68), (207.5, 72.5), (199.5, 72.5)]),             # bare ground, N
    ("bare_soil", 4, [(244, 102), (249, 102), (249.5, 113.5), (244.5, 113.5)]),         # bare ground, NE
    ("bare_soil", 4, [(211, 77), (217.5, 77), (217.5, 79.5), (211, 79.5)]),             # earthworks
    ("bare_soil", 4, [(216.5, 311), (218.8, 311.5), (232.8, 292.5), (230.5, 292)]),     # beach sand
]


def to_map(col, row):
    return ORIGIN_X + col * PIXEL, ORIGIN_Y - row * PIXEL


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "demo", "olinda-training.gpkg")
    if os.path.exists(out):
        os.remove(out)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(out)
    layer = ds.CreateLayer("training_areas", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("landcover", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("code", ogr.OFTInteger))
    for name, code, ring_px in POLYGONS:
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for col, row in ring_px + ring_px[:1]:
            ring.AddPoint_2D(*to_map(col, row))
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("landcover", name)
        feature.SetField("code", code)
        feature.SetGeometry(poly)
        layer.CreateFeature(feature)
    ds = None
    print(out)


if __name__ == "__main__":
    main()
