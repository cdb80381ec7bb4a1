"""The dome contract fixtures, every released version, as package data.

Treaty finds this package through its ``treaty.fixtures`` entry point and reads ``data/<version>/``.
"""
