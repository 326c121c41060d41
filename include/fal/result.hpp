#pragma once
/// @file
/// fal::Result<T>: a value or a fal::Error. Every public call returns one; none throws.

#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <variant>

#include "fal/error.hpp"
#include "fal/export.hpp"

namespace fal {

/// Thrown by Result::value() on an error, when exceptions are enabled. Carries the Error.
class FALCPP_EXPORT Exception : public std::runtime_error {
 public:
  /// Wraps `error`; what() is error.ToString().
  explicit Exception(Error error) : std::runtime_error(error.ToString()), error_(std::move(error)) {}
  const Error& error() const { return error_; }  ///< The error that was thrown.

 private:
  Error error_;
};

namespace internal {
[[noreturn]] FALCPP_EXPORT void ThrowOrAbort(const Error& error);
}  // namespace internal

/// A value of type T, or the Error that prevented it.
///
/// @code
/// fal::Result<fal::JobHandle> job = client.Submit(id, body);
/// if (!job) { std::cerr << job.error().ToString() << "\n"; return; }
/// job->Wait();
/// @endcode
///
/// @par Thread safety
/// A plain value, like std::variant.
template <class T>
class [[nodiscard]] Result {
 public:
  /// A result holding a value.
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  /// A result holding an error.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }  ///< True when it holds a value.
  explicit operator bool() const { return ok(); }  ///< ok().

  /// The value; throws fal::Exception (or aborts, without exceptions) when this holds an error.
  T& value() & {
    Check();
    return std::get<0>(state_);
  }
  /// The value; throws fal::Exception (or aborts) when this holds an error.
  const T& value() const& {
    Check();
    return std::get<0>(state_);
  }
  /// The value, moved out; throws fal::Exception (or aborts) when this holds an error.
  T&& value() && {
    Check();
    return std::get<0>(std::move(state_));
  }

  T& operator*() & { return value(); }                     ///< value().
  const T& operator*() const& { return value(); }          ///< value().
  T&& operator*() && { return std::move(*this).value(); }  ///< value(), moved out.
  T* operator->() { return &value(); }                     ///< A pointer to value().
  const T* operator->() const { return &value(); }         ///< A pointer to value().

  /// The error. Only meaningful when !ok(); an ok Result answers an internal error.
  const Error& error() const {
    static const Error kNoError(ErrorCode::kInternal, "Result holds a value, not an error");
    return ok() ? kNoError : std::get<1>(state_);
  }

 private:
  void Check() const {
    if (!ok()) internal::ThrowOrAbort(std::get<1>(state_));
  }
  std::variant<T, Error> state_;
};

/// The result of a call that returns nothing but can fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  /// A failed result.
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }                 ///< True when the call succeeded.
  explicit operator bool() const { return ok_; }  ///< ok().
  /// Throws fal::Exception (or aborts, without exceptions) when this holds an error.
  void value() const {
    if (!ok_) internal::ThrowOrAbort(error_);
  }
  const Error& error() const { return error_; }  ///< The error; only meaningful when !ok().

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace fal
