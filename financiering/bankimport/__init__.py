"""The bank import: received payments from a bank statement become Betaling rows, one confirmed
line at a time.

bank.py holds the services (bankafschrift_inlezen, suggestie, bankregel_boeken, bankregel_negeren,
bankregel_heropenen), formaten.py reads the banks' CSV/Excel exports, CAMT.053 and MT940, and
views/forms/urls are the bank page under /import/bank/; the command is `import_bank`."""
