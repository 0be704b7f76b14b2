namespace app {
class Widget { public: Widget(int x); int run() const; };
struct Point { int x, y; };
int use() {
    Widget w(1);
    Widget v{2};
    Point p{1, 2};
    Widget *q = new Widget(3);
    int n(5);
    Widget plain;
    std::string s("x");
    return w.run() + n;
}
}
