#include <map>
#include <string>

typedef unsigned long ulong_t;
using Name = std::string;

namespace types {
using Map = std::map<Name, int>;
typedef int (*Callback)(int);
template <typename T>
using Ptr = T *;

struct Holder {
    using value_type = int;
    typedef double scalar;
};
}  // namespace types
