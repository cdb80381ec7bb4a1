"""Hostile input for `treaty validate`: a corpus generated at test time (see `corpus`)."""
