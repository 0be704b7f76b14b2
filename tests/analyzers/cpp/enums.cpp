enum Color { RED, GREEN = 5, BLUE };

enum class Mode : unsigned char {
    Off,  ///< nothing
    On,   ///< everything
};

namespace ui {
enum struct Align { Left, Right };
typedef enum { SMALL, LARGE } Size;
enum : int { ANON_A = 1 };
}  // namespace ui
