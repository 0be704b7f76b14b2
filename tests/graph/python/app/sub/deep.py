from ..util import tidy as clean
from .. import services
from ...outside import thing


def work():
    clean()
    services.run_all([])
    thing()
    return services.HANDLERS
