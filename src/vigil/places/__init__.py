"""Places: the bundled Iran gazetteer and province boundaries."""

from vigil.places.boundaries import province_boundaries
from vigil.places.gazetteer import Gazetteer, Place, PlaceMatch, Province, place_key

__all__ = ["Gazetteer", "Place", "PlaceMatch", "Province", "place_key", "province_boundaries"]
