X = "café"  # UTF-8 with a BOM; byte columns on line 1 count the BOM


def after_bom():
    """Déjà vu."""
