"""ssri-docs: accessible health information in four formats from one source."""

__version__ = "0.1.0"
