#pragma once
// The pre-receive time budget: long steps call check() and the push fails closed when it is
// exceeded (hosts kill slow hooks; a clear rejection is better than a timeout).

#include "lib/core/error.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace rg::push {

/// Thrown when the budget is exceeded; what() names the budget and the step.
class BudgetExceeded : public core::Error {
public:
  using core::Error::Error;
};

class Deadline {
public:
  using Clock = std::chrono::steady_clock;
  /// A deadline `budget_ms` from now; 0 means no limit.
  explicit Deadline(uint32_t budget_ms)
      : start_(Clock::now()), budget_ms_(budget_ms),
        end_(budget_ms ? start_ + std::chrono::milliseconds(budget_ms) : Clock::time_point::max()) {}

  /// Throws BudgetExceeded("time budget of <n> ms exceeded while <during>") when past the end.
  void check(std::string_view during) const {
    if (Clock::now() > end_)
      throw BudgetExceeded("time budget of " + std::to_string(budget_ms_) + " ms exceeded while " +
                           std::string(during));
  }
  /// Milliseconds since construction.
  int64_t elapsed_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
  }
  uint32_t budget_ms() const { return budget_ms_; }

private:
  Clock::time_point start_;
  uint32_t budget_ms_;
  Clock::time_point end_;
};

} // namespace rg::push
