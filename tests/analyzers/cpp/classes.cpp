#include <string>

#define LIB_EXPORT
#define GUARDED_BY(x)

namespace shop {

class Mutex {};

/** A shopping cart. */
class LIB_EXPORT Cart : public Base, private Mixin<int> {
public:
    Cart();
    explicit Cart(int capacity) : capacity_(capacity) { reset(); }
    Cart(const Cart &) = delete;
    Cart &operator=(const Cart &) = default;
    virtual ~Cart();

    /// Adds an item.
    void add(const std::string &item);
    virtual int size() const = 0;
    static Cart *create();

    struct Line {
        int qty;
        int total() const { return qty * 2; }
    };

    class Iterator {
    public:
        bool next();
    };

protected:
    void reset() { count_ = 0; }

private:
    friend class Auditor;
    int capacity_;
    int count_ GUARDED_BY(mu_);
    Mutex mu_;
};

struct Point {
    int x, y;
    int sum() const { return x + y; }
};

union Value {
    int i;
    double d;
    double as_double() const { return d; }
};

class Forward;

}  // namespace shop
