/**
 * @file docs.cpp
 * @brief Documentation comments.
 */

#include <string>

namespace docs {

/// Doxygen line comments
/// over two lines.
int doxy_lines();

/** Doxygen block. */
int doxy_block();

//! Qt style.
int qt_style();

// A plain leading comment.
int plain();

int trailing();  ///< trailing Doxygen

class Documented {
public:
    /**
     * Does things.
     * @param x the input
     */
    void method(int x);

    int field;  ///< not a symbol
};

}  // namespace docs
