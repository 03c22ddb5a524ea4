// Error capture: every C entry point converts C++ exceptions into a status code and a message.
#pragma once
#include <string>

namespace gankit {

void set_last_error(std::string message);

}  // namespace gankit

// Wraps the body of an entry point. c10::Error carries a C++ backtrace in what(); users need the message only.
#define GK_GUARD_BEGIN try {
#define GK_GUARD_END(context)                                                   \
  return 0;                                                                     \
  }                                                                             \
  catch (const c10::Error& e) {                                                 \
    gankit::set_last_error(std::string(context) + ": " + e.what_without_backtrace()); \
    return -1;                                                                  \
  }                                                                             \
  catch (const std::exception& e) {                                             \
    gankit::set_last_error(std::string(context) + ": " + e.what());             \
    return -1;                                                                  \
  }                                                                             \
  catch (...) {                                                                 \
    gankit::set_last_error(std::string(context) + ": unknown native error");    \
    return -1;                                                                  \
  }
