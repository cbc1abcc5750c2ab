"""brochure: one YAML file of event data in, a print pack out."""

__version__ = "0.1.0"
