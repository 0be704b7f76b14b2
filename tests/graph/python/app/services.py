from .models import User, Base as ModelBase
from . import models
from app.util import *

HANDLERS = {}


def register(fn):
    HANDLERS[fn.__name__] = fn
    return fn


@register
def on_save(user):
    user.save()
    return User()


def make_default():
    models.User()
    ModelBase.create()
    tidy()
    return on_save


CALLBACKS = [on_save, make_default]


def run_all(items):
    for cb in CALLBACKS:
        cb()
    sorted(items, key=make_default)

    def local():
        return which()

    local()
    return local


if __name__ == "__main__":
    run_all([])
