#include <cstddef>

namespace tpl {

/// A fixed-size buffer.
template <typename T, std::size_t N>
class Buffer {
public:
    T &at(std::size_t i) { return data_[i]; }

    template <typename U>
    void fill(const U &value);

private:
    T data_[N];
};

template <typename T, std::size_t N>
template <typename U>
void Buffer<T, N>::fill(const U &value)
{
    for (std::size_t i = 0; i < N; i++) data_[i] = static_cast<T>(value);
}

// Full specialisation.
template <>
class Buffer<bool, 0> {
public:
    bool empty() const { return true; }
};

template <typename T>
T max_of(T a, T b)
{
    return a < b ? b : a;
}

template <>
int max_of<int>(int a, int b)
{
    return a < b ? b : a;
}

template <typename T>
using Vec = Buffer<T, 16>;

template <typename T>
T declared_only(T v);

}  // namespace tpl
