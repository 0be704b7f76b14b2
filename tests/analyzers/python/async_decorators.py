import asyncio
import contextlib
from functools import wraps

from flask import Flask

app = Flask(__name__)


def logged(func):
    @wraps(func)
    async def wrapper(*args, **kwargs):
        return await func(*args, **kwargs)

    return wrapper


@app.route("/items/<int:item_id>",
           methods=["GET"])  # a comment inside the decorator
@logged
async def get_item(item_id):
    """Fetch one item."""
    await asyncio.sleep(0)
    return {"id": item_id}


@contextlib.asynccontextmanager
async def session():
    yield None


async def stream(n):
    async with session() as s:
        async for i in aiter_numbers(n):
            yield i, s


@ decorator . with_spaces ( 1 ,
    2 )
def spaced():
    pass


class Service:
    @staticmethod
    async def ping(host, port=80):
        return await asyncio.open_connection(host, port)

    @classmethod
    @logged
    async def build(cls):
        return cls()
