"""dome-service: ingests dome TaskSpecs and planner wrapper envelopes, and derives binder rows.

A small example of a Treaty integrator. Its own code parses the documents (``documents``), writes canonical
JSON (``canonical``), computes fingerprints and binder keys (``keys``) and decides what to derive
(``binder``); ``contract`` exposes those functions at the JSON level for Treaty's behaviour vectors.
"""

__version__ = "0.1.0"
