# -*- coding: latin-1 -*-
"""Module with café and señor."""


ÉTAT = "Ünïcode"
café = 1


def señor():
    """Returns café."""
    return café
