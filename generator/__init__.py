"""minutes: a static site generator for public archives of meeting minutes."""

__version__ = "0.1.0"
