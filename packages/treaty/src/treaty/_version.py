"""The toolkit's version, and the name it is distributed under."""

__version__ = "0.1.0"
DISTRIBUTION = "treaty-toolkit"  # `treaty` on PyPI is another project; the import and command stay `treaty`
