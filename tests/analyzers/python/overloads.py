import typing
from typing import overload, Union


@overload
def parse(value: int) -> int: ...
@overload
def parse(value: str) -> str: ...
def parse(value: Union[int, str]):
    """Parse a value."""
    return value


@typing.overload
def only_stubs(x: int) -> int: ...
@typing.overload
def only_stubs(x: str) -> str: ...


class Converter:
    @overload
    def convert(self, data: bytes) -> str: ...

    @overload
    def convert(self, data: str) -> bytes: ...

    def convert(self, data):
        return data

    @overload
    @staticmethod
    def make(kind: int) -> "Converter": ...
    @staticmethod
    def make(kind):
        return Converter()
