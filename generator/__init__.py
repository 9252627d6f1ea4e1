"""Paper Atlas: a static site built from captures of research-paper listings."""

__version__ = "0.1.0"
