"""Classes, methods, properties and class-level names."""
import abc
import functools


class Shape(abc.ABC):
    """A shape."""

    SIDES = 0
    default_color: str = "red"
    SIDES = 99
    _REGISTRY: dict = {}

    class Meta:
        """Nested class."""

        ordering = ["name"]

        class Options:
            VERBOSE = True

    def __init__(self, label):
        self._name = label

    @property
    def name(self):
        """The name."""
        return self._name

    @name.setter
    def name(self, value):
        self._name = value

    @name.deleter
    def name(self):
        del self._name

    @functools.cached_property
    def area(self):
        return 0

    @staticmethod
    def unit(scale=1):
        assert scale > 0
        return Shape("unit")

    @classmethod
    def create(cls, *args, **kwargs):
        return cls(*args, **kwargs)

    @abc.abstractmethod
    def draw(self, canvas):
        raise NotImplementedError

    @abstractmethod
    def _hidden(self):
        pass

    def __repr__(self):
        return f"Shape({self._name!r})"


class Square(Shape, metaclass=abc.ABCMeta):
    SIDES = 4

    def draw(self, canvas):
        canvas.rect(self)


class Empty():
    pass
