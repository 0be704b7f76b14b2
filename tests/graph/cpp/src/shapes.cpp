#include "shapes.h"
#include "clib.h"

#include <cstdio>
#include <utility>

namespace {
int helper(int x) { return x + 1; }
}  // namespace

namespace geo {

Shape::~Shape() {}

double Shape::scale(double v) const { return v * 2; }

void Shape::describe() const
{
    std::printf("%f\n", this->area());
    helper(1);
}

Shape *Shape::make(int kind)
{
    if (kind == 0) return new Circle(1.0);
    return nullptr;
}

double Circle::area() const
{
    return scale(radius_ * radius_ * 3.14);
}

namespace util {
int clamp(int v) { return v < 0 ? 0 : v; }
double clamp(double v) { return v < 0 ? 0 : v; }
}  // namespace util

double total_area(const Shape &a, const Shape &b)
{
    int n = c_add(1, 2);
    Circle unit{1.0};
    n = SQUARE(n) + (int)unit.area();
    n = util::clamp(n);
    init();
    return a.area() + b.area() + n;
}

void init() {}

}  // namespace geo

namespace other {
void init() {}
}  // namespace other
