"""The xtrl contract schemas, every released version, as package data.

Treaty finds this package through its ``treaty.schemas`` entry point and reads ``data/<version>/``.
"""
