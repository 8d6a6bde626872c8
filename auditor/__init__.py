"""granskaren: quality audit of samverkansöverenskommelser and medborgarlöften."""

__version__ = "0.1.0"
