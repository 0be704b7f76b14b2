/**
 * @file file_doc.c
 * @brief A Doxygen file comment becomes the module documentation.
 */

#include "file_doc.h"

/** Not the module comment: documents the function. */
void documented(void)
{
}
