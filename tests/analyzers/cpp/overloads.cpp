namespace ov {

int area(int side);
int area(int w, int h);
double area(double radius);

int area(int side) { return side * side; }
int area(int w, int h) { return w * h; }
double area(double r) { return 3.14 * r * r; }

struct S {
    int get() { return 1; }
    int get() const { return 2; }
    int get(int i) const & { return i; }
    int get(int i) && { return -i; }
};

}  // namespace ov
