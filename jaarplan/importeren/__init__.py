"""The ledger import: actual costs from a bookkeeping export become Kostenrealisatie rows.

realisatie.py holds the services (import_voorbereiden → import_analyseren → import_doorvoeren,
import_ongedaan_maken, kolommen_aanpassen), kolommen.py finds the header row and columns (the
packages' layouts, remembered mappings, D/C and contra rows), xaf.py reads an XAF 3.2 auditfile
into the same grid of cells (schema/ holds its official XSD), views/forms/urls are its pages under
/import/realisatie/, and the command is `import_realisatie`. A spreadsheet or CSV itself is read
by kern.bestanden and kern.cellen. Outside jaarplan nothing imports this package: the kostenplaats
mappings are stored through jaarplan.services.kostenplaatskoppelingen_opslaan."""
