/* A .h file holding C++: the C analyzer leaves it to the C++ one. */
#pragma once

#include <vector>

namespace hdr {
class Registry {
public:
    void add(int v) { items_.push_back(v); }

private:
    std::vector<int> items_;
};
}  // namespace hdr
