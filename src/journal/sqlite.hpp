// A thin RAII layer over SQLite's C API for the job journal: a connection, prepared statements with
// bound parameters, and errors as fal::Error. Only what the journal uses.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "fal/error.hpp"
#include "fal/result.hpp"

namespace fal::journal {

// The error of the connection's last call, as kInternal naming what was being done.
Error SqliteError(sqlite3* db, std::string_view doing);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& BindDouble(int index, double value);

  // One step: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to the end; returns the error, if any.
  Result<void> Run();

  // Makes it ready to run again (bindings are kept until rebound).
  void Reset();
  // Finalizes now: a transaction cannot end while a statement of it is still stepping.
  void Close();

  std::string Text(int column) const;
  std::int64_t Int(int column) const;
  double Double(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// Runs SQL without results (several statements allowed).
Result<void> Exec(sqlite3* db, const char* sql);

}  // namespace fal::journal
