def home(r): pass
def geen_toegang(r, exception=None): pass
def niet_gevonden(r, exception=None): pass
