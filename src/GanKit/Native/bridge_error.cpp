#include "bridge_error.h"

#include "gankit_native.h"

namespace gankit {

namespace {
thread_local std::string last_error;
}

void set_last_error(std::string message) { last_error = std::move(message); }

}  // namespace gankit

GK_API const char* gk_last_error() { return gankit::last_error.c_str(); }
