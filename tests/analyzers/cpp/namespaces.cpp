namespace outer {
namespace inner {
int helper(int x) { return x * 2; }
}  // namespace inner

int use() { return inner::helper(1); }
}  // namespace outer

namespace a::b {
void nested() {}
}  // namespace a::b

namespace {
int hidden = 3;
int internal_fn() { return hidden; }
}  // namespace

namespace outer {
// Reopened: the same namespace symbol.
void again() {}
}  // namespace outer

namespace lib {
inline namespace v2 {
void versioned() {}
}  // namespace v2
}  // namespace lib

namespace ROCKSDB_NAMESPACE {
class DB {};
}  // namespace ROCKSDB_NAMESPACE

FMT_BEGIN_NAMESPACE
void format_it();
FMT_END_NAMESPACE
