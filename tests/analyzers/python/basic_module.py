#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# A leading comment block.
"""Basic module.

Shows imports, constants and variables.
"""
from __future__ import annotations

import os
import os.path as osp, sys
import xml.etree.ElementTree
from collections import OrderedDict as OD, deque
from . import sibling
from .helpers import tool as t
from .. import parent_thing
from ...toplevel import far
from json import *
from typing import (  # grouped
    Any,  # first
    Final,
    TypeAlias,  # trailing comma below
)

PORT: int = 8080
HOST = "localhost"
_PRIVATE_LIMIT = 10
MAX_RETRIES: Final[int] = 3
A, B = 1, 2
(C, [D, *REST]) = 3, [4, 5]
name = "basic"
counter: int
counter = 0
PORT = 9090
__all__ = ["PORT", "HOST"]
Json: TypeAlias = dict[str, Any]
type Pair[T] = tuple[T, T]
x = y = None
counter += 1
os.environ["X"] = "1"
