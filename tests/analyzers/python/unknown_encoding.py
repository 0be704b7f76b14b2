# -*- coding: no-such-codec -*-
"""Unknown encoding: parsed as it is."""


def still_parsed():
    pass
