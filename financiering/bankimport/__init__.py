"""The bank import: received payments from a bank statement become Betaling rows, one confirmed
line at a time.

bank.py holds the services (bankafschrift_inlezen and afschrift_opslaan, the Voorsteller that
suggests per page, bankregel_boeken, bankregel_verdelen over several invoices and a voorschot,
terugboeking_verwerken for a storno, bankregel_negeren, bankregel_heropenen),
formaten.py reads a statement in any format (camt.py CAMT.053, swift.py
MT940, tabellen.py the banks' CSV/text/Excel exports, teksten.py the bank's description) into
afschrift.Afschriftregel lines, and views/forms/urls are the bank page under /import/bank/; the
command is `import_bank`."""
