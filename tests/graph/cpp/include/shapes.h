// Shapes: a C++ header (class, namespace): routed to the C++ analyzer.
#ifndef SHAPES_H
#define SHAPES_H

namespace geo {

/// The base of every shape.
class Shape {
public:
    virtual ~Shape();
    virtual double area() const = 0;
    void describe() const;
    static Shape *make(int kind);

protected:
    double scale(double v) const;
};

class Circle : public Shape {
public:
    explicit Circle(double r) : radius_(r) {}
    double area() const override;

private:
    double radius_;
};

namespace util {
int clamp(int v);
double clamp(double v);
}  // namespace util

double total_area(const Shape &a, const Shape &b);
void init();

}  // namespace geo

namespace other {
void init();
}

#endif
