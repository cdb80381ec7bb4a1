"""`treaty check`: the gates every change must pass, and the end-to-end pass over templates and fixtures.

The top of the toolkit below the command line: a gate asks one question of the working tree, using every
layer beneath it (authoring, fixtures, diff, validation).
"""
