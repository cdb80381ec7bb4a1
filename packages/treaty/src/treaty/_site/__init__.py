"""`treaty docs`: a static HTML reference of the installed contracts, for reviewers and integrators.

`collect` gathers the families, versions, kinds, rules, fixtures and changelog into `model` records;
`pages` renders them (the field tables are `fields`); `build` checks the target folder and writes the site
whole.
"""
