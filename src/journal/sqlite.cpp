#include "journal/sqlite.hpp"

namespace fal::journal {

Error SqliteError(sqlite3* db, std::string_view doing) {
  const char* message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return Error(ErrorCode::kInternal, "job journal: " + std::string(doing) + ": " + message);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db, sql_.c_str(), static_cast<int>(sql_.size()), &stmt_, nullptr) != SQLITE_OK) {
    stmt_ = nullptr;
  }
}

Statement::~Statement() { Close(); }

void Statement::Reset() { sqlite3_reset(stmt_); }

void Statement::Close() {
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Result<bool> Statement::Step() {
  if (stmt_ == nullptr) return SqliteError(db_, "preparing \"" + sql_ + "\"");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) return SqliteError(db_, "running a statement");
  return false;
}

Result<void> Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char*>(text),
                                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

Result<void> Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqliteError(db, "setting up");
  return {};
}

}  // namespace fal::journal
