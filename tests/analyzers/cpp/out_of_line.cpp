#include "widget.h"

namespace ns {

class Local {
public:
    // Runs it.
    int run(int x) const;
    int run(double x) const;
};

int Local::run(int x) const { return x; }

/* The double one. */
int Local::run(double x) const { return static_cast<int>(x); }

// Widget is declared in widget.h: still methods.
Widget::Widget(int n) : n_(n) {}

Widget::~Widget() {}

int Widget::run(int x) const
{
    return helper(x) + n_;
}

}  // namespace ns

int ns::Widget::other() { return 0; }

void ns::free_fn() {}
