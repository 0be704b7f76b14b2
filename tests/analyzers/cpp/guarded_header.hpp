#ifndef GUARDED_HEADER_HPP
#define GUARDED_HEADER_HPP

#include <stddef.h>
#include <string>
#include "local.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A C entry point. */
int c_entry(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

extern "C" void single_c(void);

#if defined(_WIN32)
#define API_EXPORT __declspec(dllexport)
#else
#define API_EXPORT __attribute__((visibility("default")))
#endif

#if __has_include(<optional>)
#define HAVE_OPTIONAL 1
#endif

namespace guarded {
class API_EXPORT Thing {
public:
    std::string name() const;
};
}  // namespace guarded

#endif  // GUARDED_HEADER_HPP
