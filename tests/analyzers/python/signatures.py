from typing import Callable, TypeVar

T = TypeVar("T")


def full(a, b: int = 1, /, *args, key: str, flag=False, **kw) -> dict[str, int]:
    pass


def multiline(
    first,  # the first one
    second: "list[int]" = [
        1,
        2,
    ],
    *,
    third: Callable[[int], str] | None = None,
    **options,
):
    pass


def bare_star(a, *, b):
    pass


def defaults(x=lambda y: y * 2, w=make_default(), z={"k": (1, 2)}, s="a  b"):
    pass


def generic[K, V](mapping: dict[K, V]) -> list[K]:
    return list(mapping)


class Pair[L, R](tuple):
    pass


def no_params() -> None: ...


def very_long_signature(parameter_number_one: int, parameter_number_two: str, parameter_number_three: float, parameter_number_four: bytes, parameter_number_five: complex, parameter_number_six: "xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaéèêë" = "défaut") -> None:
    pass


def typed_splats(*args: int, **kwargs: str) -> None:
    pass


def tuple_default(pos, /, opt=(1, 2)) -> "Pair[int, int]":
    pass
