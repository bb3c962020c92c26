"""The stuurgroep's dashboard: one page per region and year, a section per question the stuurgroep
asks (commitments kept, money flow, funding mix, budget and outputs against plan, where each
partner's money goes, the agreement period at a glance).

`selectors/` holds one function per section returning plain data; `views.py` puts them on a page."""
