#include "shapes.h"
#include "clib.h"

#include <memory>
#include <utility>

static int twice(int x) { return c_add(x, x); }

int main()
{
    geo::Shape *s = geo::Shape::make(0);
    s->describe();
    double t = geo::total_area(*s, *s);
    auto p = std::make_unique<geo::Circle>(2.0);
    other::init();
    int v = twice(3);
    unknown_function(v);
    delete s;
    return static_cast<int>(t) + std::move(v);
}
